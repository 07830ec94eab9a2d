using System.Text;
using System.Text.Json;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Adversarial megabyte inputs finish with a clear result or a clear error: no hang, no stack overflow, no crash.</summary>
/// <remarks>No timing is asserted (shared machines are noisy); a regression to super-linear matching shows up as a test run
/// that does not finish, and in <c>DlpScanBenchmark</c>.</remarks>
public sealed class HostileInputTests
{
    private const int Size = 1 << 20;
    private static readonly string s_everyKeyword = string.Concat(BuiltInDetectorCatalog.Create().SelectMany(static d => d.Keywords).Select(static k => k.Text));

    public static TheoryData<string> Generators() =>
    [
        "digits", "digit-groups", "akia", "akia-valid", "eyj", "pem", "password", "at-signs", "colons", "schemes", "dots", "surrogates",
        "base64", "slack", "keywords", "every-keyword", "pair-runs",

        // Each anchor added for the formats of the gitleaks/trufflehog/detect-secrets recall round, back to back and with bodies
        // that almost fit (so every one of them is verified and its detector runs).
        "anchor:ATBB", "anchor:BBDC-", "anchor:cfk_", "anchor:cfut_", "anchor:cfat_", "anchor:bkua_", "anchor:lsv2_pt_", "anchor:pcsk_",
        "anchor:NRII-", "anchor:NRIQ-", "anchor:NRJS-", "anchor:NRBR-", "anchor:access-sandbox-", "anchor:access-production-",
        "anchor:access-development-", "anchor:sandbox-sq0csb-", "anchor:ATCTT3", "anchor:+ACR", "anchor:AzSe", "anchor:AzFu",
        "anchor:+ASb", "anchor:+AEh", "anchor:+ARm", "anchor:+ASt", "anchor:ACDb", "anchor:APIM", "anchor:FFFFNRAL", "anchor:auths",
        "anchor:{AQAAABAAA", "anchor:\"service_account\" \"private_key\": \"-----BEGIN PRIVATE KEY-----", "anchor:0.A", "anchor:.AgAB",
        "anchor:discord ", "anchor:figd_", "anchor:figp_", "anchor:CFPAT-", "bare:{AQAAABAAA", "bare:.AgAB", "bare:\"service_account\"", "bare:discord",
        "bare:ATBB", "bare:+ASt", "bare:FFFFNRAL", "bare:auths", "bare:access-sandbox-", "unsigned-jwt", "comparisons", "templates",

        // Name/value pairs and code values after secret names (review round): every pair looks ahead for its value member,
        // every unquoted value is read to the next stop character.
        "bare:- name: API_KEY\n  value: ", "bare:{\"name\":\"token\",\"value\":\"", "bare:{\"name\":\"token\",", "bare:name: password\n",
        "bare:password:", "bare:secret_token:", "bare:token=Optional[", "bare:apiKey: Settings.ApiKey!", "bare:key=\"secret\"",
    ];

    [Theory]
    [MemberData(nameof(Generators))]
    public void Scan_MegabyteOfHostileText_Completes(string kind)
    {
        var text = Build(kind);
        var findings = DlpAssert.Scanner.Scan(text);
        Assert.All(findings, f => Assert.InRange(f.End, f.Start + 1, text.Length));
        for (var i = 1; i < findings.Count; i++)
        {
            Assert.True(findings[i].Start >= findings[i - 1].End, "findings overlap");
        }

        var redacted = DlpAssert.Scanner.Redact(text, findings);
        Assert.Equal(findings.Count == 0, ReferenceEquals(text, redacted));
    }

    [Fact]
    public void Scan_ManyValidKeyIds_FindsEachOne()
    {
        var builder = new StringBuilder();
        var count = 0;
        while (builder.Length < Size)
        {
            builder.Append(Fake.AwsKeyId(count++ % 64)).Append(' ');
        }

        var findings = DlpAssert.Scanner.Scan(builder.ToString());
        Assert.Equal(count, findings.Count(f => f.Detector == DlpDetectorNames.AwsAccessKeyId));
    }

    [Fact]
    public void ScanJson_NestedTenThousandDeep_IsAClearError()
    {
        var json = new string('[', 10_000) + "\"bob@contoso.com\"" + new string(']', 10_000);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 20_000 });
        var ex = Assert.Throws<DlpScanException>(() => DlpAssert.Scanner.ScanJson(document.RootElement));
        Assert.Contains("deeper than", ex.Message, StringComparison.Ordinal);

        // As plain text (what `agentguard scan` sees) the same document is just brackets around an address.
        Assert.Equal(DlpDetectorNames.EmailAddress, Assert.Single(DlpAssert.Scanner.Scan(json)).Detector);
    }

    [Fact]
    public void ScanJson_MegabyteDocumentOfManyValues_Completes()
    {
        var builder = new StringBuilder("{\"items\":[");
        var i = 0;
        while (builder.Length < Size)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append("{\"n\":").Append(i).Append(",\"s\":\"AKIA").Append(i).Append("\",\"k\":\"x\"}");
            i++;
        }

        using var document = JsonDocument.Parse(builder.Append("]}").ToString());
        Assert.Empty(DlpAssert.Scanner.ScanJson(document.RootElement));
    }

    private static string Build(string kind)
    {
        var builder = new StringBuilder(Size + 64);
        var random = new Random(kind.Length);
        while (builder.Length < Size)
        {
            switch (kind)
            {
                case "digits": builder.Append('4'); break;
                case "digit-groups": builder.Append("4111 "); break;
                case "akia": builder.Append("AKIA"); break;
                case "akia-valid": builder.Append(Fake.AwsKeyId(builder.Length % 7)).Append(' ').Append(Fake.AwsSecret(3)).Append(' '); break;
                case "eyj": builder.Append("eyJ"); break;
                case "pem": builder.Append("-----BEGIN RSA PRIVATE KEY-----"); break;
                case "password": builder.Append("password="); break;
                case "at-signs": builder.Append("a@"); break;
                case "colons": builder.Append("1:"); break;
                case "schemes": builder.Append("a://b:"); break;
                case "dots": builder.Append("1."); break;
                case "surrogates": builder.Append((char)random.Next(0xD800, 0xE000)).Append("x@y.com\uDC00"); break;
                case "base64": builder.Append(Fake.Base64(40, builder.Length % 17)); break;
                case "slack": builder.Append("xoxb-1-"); break;

                // Every built-in keyword back to back, so that nearly every place is a prefilter candidate and many verify.
                case "every-keyword": builder.Append(s_everyKeyword); break;

                // The two-character pairs that start the most anchors (Twilio's "AC" and "SK" followed by a hex digit).
                case "pair-runs": builder.Append("AC").Append("0123456789abcdef"[builder.Length % 16]).Append("SK"); break;
                case "unsigned-jwt": builder.Append("eyJhbGciOiJub25lIn0.eyJ"); break;
                case "comparisons": builder.Append("if (api_key !== \"").Append(Fake.Alnum(12, builder.Length % 5)).Append("\" || "); break;
                case "templates": builder.Append("password = \"${{<%(#{").Append(Fake.Alnum(8, builder.Length % 5)); break;
                case var k when k.StartsWith("anchor:", StringComparison.Ordinal): builder.Append(k[7..]).Append(Fake.Base64(20, builder.Length % 7)).Append("\"auth\":\""); break;
                case var k when k.StartsWith("bare:", StringComparison.Ordinal): builder.Append(k[5..]); break;
                default: builder.Append("token secret api_key pass pwd bearer basic sk- ghp_ agh_ "); break;
            }
        }

        return builder.ToString();
    }

    [Fact]
    public void Scan_ManyInterleavedFindings_AreOrderedAndDisjoint()
    {
        // Findings come from several passes (keywords, digits, @) and some detectors report before their anchor (a Mailchimp
        // key ends in the "-us" the search finds), so the merge of the passes' runs must still give sorted, disjoint findings.
        var builder = new StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            builder.Append("user").Append(i).Append("@example.org ").Append(Fake.Hex(32, i)).Append("-us").Append(1 + (i % 20))
                   .Append(" card 4532015112830366 ").Append("AK").Append("IA").Append(Fake.UpperBase32(16, i)).Append(" SSN 536-22-")
                   .Append(1000 + i).Append(" password=\"Xk").Append(i).Append("#mQ2vLp\"\n");
        }

        var text = builder.ToString();
        var findings = new DlpScanner().Scan(text);
        Assert.True(findings.Count >= 400 * 5);
        for (var i = 1; i < findings.Count; i++)
        {
            Assert.True(findings[i - 1].End <= findings[i].Start, $"findings {i - 1} and {i} overlap or are out of order");
        }
    }
}
