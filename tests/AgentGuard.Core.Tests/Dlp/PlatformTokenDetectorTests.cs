using System.Globalization;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>True positives and near-misses for the prefixed tokens of <c>PlatformTokenRules</c>: every detector is tried
/// in ten surroundings, and against ten ways of almost being its token.</summary>
/// <remarks>Bodies are random at run time (<see cref="Fake"/>); no literal in this file is a credential.</remarks>
public sealed class PlatformTokenDetectorTests
{
    private const string UpperDigits = Fake.UpperChars + Fake.DigitChars;
    private const string Letters = Fake.UpperChars + Fake.LowerChars;
    private const string Base64 = Fake.AlnumChars + "+/";
    private const string Base64Url = Fake.AlnumChars + "-_";
    private const string LowerAlnum = Fake.LowerChars + Fake.DigitChars;
    private const string LowerHex = "0123456789abcdef";

    private static readonly string[] s_contexts =
    [
        "{0}",
        "TOKEN={0}",
        "{{\"token\": \"{0}\"}}",
        "token: '{0}'",
        "export SERVICE_KEY=\"{0}\"",
        "client = Client(\"{0}\")",
        "2025-03-01T10:00:00Z INFO deploy using {0} for project",
        "<apiKey>{0}</apiKey>",
        "--token {0} --verbose",
        "`{0}`",
    ];

    /// <summary>A token format: its detector, a valid token for a seed, and tokens one character short and one too long.</summary>
    public sealed record Spec(string Detector, string Prefix, Func<int, string> Body, Func<int, string> ShortBody, Func<int, string> LongBody)
    {
        public override string ToString() => Detector + " " + Prefix;
    }

    private static Spec Fixed(string detector, string prefix, string alphabet, int min, int max) =>
        new(detector, prefix, seed => Fake.Of(alphabet, seed % 2 == 0 ? min : max, seed), seed => Fake.Of(alphabet, min - 1, seed), seed => Fake.Of(alphabet, max + 1, seed));

    private static Spec Shaped(string detector, string prefix, Func<int, string> body, char fill) =>
        new(detector, prefix, body, seed => body(seed)[..^1], seed => body(seed) + fill);

    private static string Join(params string[] parts) => string.Join("-", parts);

    public static IEnumerable<Spec> Specs()
    {
        yield return Shaped(DlpDetectorNames.OnePasswordSecretKey, "A3-",
            seed => seed % 2 == 0
                ? Join(Fake.Of(UpperDigits, 6, seed), Fake.Of(UpperDigits, 11, seed + 1), Fake.Of(UpperDigits, 5, seed + 2), Fake.Of(UpperDigits, 5, seed + 3), Fake.Of(UpperDigits, 5, seed + 4))
                : Join(Fake.Of(UpperDigits, 6, seed), Fake.Of(UpperDigits, 6, seed + 1), Fake.Of(UpperDigits, 5, seed + 5), Fake.Of(UpperDigits, 5, seed + 2), Fake.Of(UpperDigits, 5, seed + 3), Fake.Of(UpperDigits, 5, seed + 4)),
            'A');
        yield return Fixed(DlpDetectorNames.OnePasswordServiceAccountToken, "ops_eyJ", Base64, 100, 2048);
        yield return Fixed(DlpDetectorNames.FacebookAccessToken, "EAA", Fake.AlnumChars, 90, 400);
        yield return Fixed(DlpDetectorNames.FlyIoToken, "fo1_", Base64Url, 43, 43);
        yield return Fixed(DlpDetectorNames.FlyIoToken, "fm2_", Base64, 64, 4096);
        yield return Fixed(DlpDetectorNames.FlyIoToken, "fm1r_", Base64, 64, 4096);
        yield return Fixed(DlpDetectorNames.HuggingFaceToken, "api_org_", Letters, 34, 34);
        yield return Fixed(DlpDetectorNames.SourcegraphToken, "sgp_", LowerHex, 40, 40);
        yield return Fixed(DlpDetectorNames.SourcegraphToken, "sgp_local_", LowerHex, 40, 40);
        yield return Shaped(DlpDetectorNames.SourcegraphToken, "sgp_", seed => Fake.Hex(16, seed) + "_" + Fake.Hex(40, seed + 1), 'a');
        yield return Fixed(DlpDetectorNames.SonarQubeToken, "sqp_", LowerHex, 40, 40);
        yield return Fixed(DlpDetectorNames.SonarQubeToken, "squ_", LowerHex, 40, 40);
        yield return Fixed(DlpDetectorNames.EasyPostApiKey, "EZAK", Fake.AlnumChars, 54, 54);
        yield return Fixed(DlpDetectorNames.EasyPostApiKey, "EZTK", Fake.AlnumChars, 54, 54);
        yield return Fixed(DlpDetectorNames.PrefectApiKey, "pnu_", Fake.AlnumChars, 36, 36);
        yield return Fixed(DlpDetectorNames.ReadMeApiKey, "rdme_", LowerAlnum, 70, 70);
        yield return Fixed(DlpDetectorNames.RubyGemsApiKey, "rubygems_", LowerHex, 48, 48);
        yield return Fixed(DlpDetectorNames.ScalingoApiToken, "tk-us-", Base64Url, 48, 48);
        yield return Fixed(DlpDetectorNames.ShippoApiToken, "shippo_live_", LowerHex, 40, 40);
        yield return Fixed(DlpDetectorNames.ShippoApiToken, "shippo_test_", LowerHex, 40, 40);
        yield return Fixed(DlpDetectorNames.TypeformToken, "tfp_", Base64Url, 40, 80);
        yield return Fixed(DlpDetectorNames.InfracostApiKey, "ico-", Fake.AlnumChars, 32, 32);
        yield return Fixed(DlpDetectorNames.DuffelApiToken, "duffel_test_", Base64Url, 43, 43);
        yield return Fixed(DlpDetectorNames.DuffelApiToken, "duffel_live_", Base64Url, 43, 43);
        yield return Shaped(DlpDetectorNames.FlutterwaveSecretKey, "FLWSECK-", seed => Fake.Hex(32, seed) + "-X", 'X');
        yield return Shaped(DlpDetectorNames.FlutterwaveSecretKey, "FLWSECK_TEST-", seed => Fake.Hex(32, seed) + "-X", 'X');
        yield return Fixed(DlpDetectorNames.FrameIoToken, "fio-u-", Base64Url, 64, 64);
        yield return Fixed(DlpDetectorNames.ClojarsToken, "CLOJARS_", LowerAlnum, 60, 60);
        yield return Shaped(DlpDetectorNames.DefinedNetworkingApiToken, "dnkey-", seed => Fake.LowerAlnum(26, seed) + "-" + Fake.LowerAlnum(52, seed + 1), 'a');
        yield return Shaped(DlpDetectorNames.BrevoApiKey, "xkeysib-", seed => Fake.Hex(64, seed) + "-" + Fake.Alnum(16, seed + 1), 'a');
        yield return Fixed(DlpDetectorNames.AwsBedrockApiKey, "ABSK" + "QmVkcm9ja0FQSUtleS", Base64, 40, 400);
        yield return Fixed(DlpDetectorNames.OpenShiftToken, "sha256~", Base64Url, 43, 43);
        yield return Fixed(DlpDetectorNames.JFrogToken, "cmVmdGtu" + "Oj", Fake.AlnumChars, 54, 54);
        yield return Fixed(DlpDetectorNames.Intra42ClientSecret, "s-s4t2ud-", LowerHex, 64, 64);
        yield return Fixed(DlpDetectorNames.SettleMintToken, "sm_pat_", Fake.AlnumChars, 16, 16);
        yield return Fixed(DlpDetectorNames.OctopusDeployApiKey, "API-", UpperDigits, 25, 32);
        yield return Fixed(DlpDetectorNames.ClickHouseApiSecret, "4b1d", Fake.AlnumChars, 38, 38);
        yield return Fixed(DlpDetectorNames.AdobeClientSecret, "p8e-", Fake.AlnumChars, 32, 32);
        yield return Fixed(DlpDetectorNames.BitbucketAppPassword, "AT" + "BB", Fake.AlnumChars, 12, 64);
        yield return Fixed(DlpDetectorNames.BitbucketServerToken, "BB" + "DC-", Base64, 40, 50);
        yield return Shaped(DlpDetectorNames.CloudflareApiToken, "cf" + "k_", seed => Fake.Alnum(40, seed) + Fake.Hex(8, seed + 1), 'a');
        yield return Shaped(DlpDetectorNames.CloudflareApiToken, "cf" + "ut_", seed => Fake.Alnum(40, seed) + Fake.Hex(8, seed + 1), 'a');
        yield return Shaped(DlpDetectorNames.CloudflareApiToken, "cf" + "at_", seed => Fake.Alnum(40, seed) + Fake.Hex(8, seed + 1), 'a');
        yield return Fixed(DlpDetectorNames.BuildkiteToken, "bk" + "ua_", LowerAlnum, 40, 40);
        yield return Shaped(DlpDetectorNames.LangSmithApiKey, "ls" + "v2_pt_", seed => Fake.Hex(32, seed) + "_" + Fake.Hex(10, seed + 1), 'a');
        yield return Shaped(DlpDetectorNames.LangSmithApiKey, "ls" + "v2_sk_", seed => Fake.Hex(32, seed) + "_" + Fake.Hex(10, seed + 1), 'a');
        yield return Shaped(DlpDetectorNames.PineconeApiKey, "pc" + "sk_", seed => Fake.Alnum(5 + (seed % 2), seed) + "_" + Fake.Alnum(63, seed + 1), 'a');
        yield return Fixed(DlpDetectorNames.NewRelicKey, "NR" + "II-", Base64Url, 25, 32);
        yield return Fixed(DlpDetectorNames.NewRelicKey, "NR" + "IQ-", Base64Url, 25, 32);
        yield return Fixed(DlpDetectorNames.NewRelicKey, "NR" + "JS-", LowerHex, 19, 19);
        yield return Fixed(DlpDetectorNames.NewRelicKey, "NR" + "BR-", LowerHex, 19, 19);
        yield return Shaped(DlpDetectorNames.PlaidAccessToken, "access-" + "sandbox-", Uuid, 'a');
        yield return Shaped(DlpDetectorNames.PlaidAccessToken, "access-" + "production-", Uuid, 'a');
        yield return Shaped(DlpDetectorNames.PlaidAccessToken, "access-" + "development-", Uuid, 'a');
        yield return Fixed(DlpDetectorNames.SquareToken, "sandbox-" + "sq0csb-", Base64Url, 22, 80);
        yield return Fixed(DlpDetectorNames.AtlassianApiToken, "AT" + "CTT3", Base64Url, 150, 250);
        yield return Fixed(DlpDetectorNames.FigmaToken, "fi" + "gd_", Base64Url, 40, 40);
        yield return Fixed(DlpDetectorNames.FigmaToken, "fi" + "gp_", Base64Url, 40, 54);
        yield return Fixed(DlpDetectorNames.ContentfulToken, "CF" + "PAT-", Base64Url, 43, 43);
    }

    private static string Uuid(int seed)
    {
        var h = Fake.Hex(32, seed);
        return Join(h[..8], h[8..12], h[12..16], h[16..20], h[20..]);
    }

    public static TheoryData<int, int> TruePositives() => Cases(s_contexts.Length);

    public static TheoryData<int, int> NearMisses() => Cases(10);

    private static TheoryData<int, int> Cases(int variants)
    {
        var data = new TheoryData<int, int>();
        for (var spec = 0; spec < Specs().Count(); spec++)
        {
            for (var i = 0; i < variants; i++)
            {
                data.Add(spec, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TruePositives))]
    public void Scan_PlatformToken_IsFound(int index, int context)
    {
        var spec = Specs().ElementAt(index);
        var token = spec.Prefix + spec.Body(1000 + (context * 31));
        var text = string.Format(CultureInfo.InvariantCulture, s_contexts[context], token);
        DlpAssert.Finds(text, spec.Detector, token);
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void Scan_PlatformTokenNearMiss_IsNotReported(int index, int kind)
    {
        var spec = Specs().ElementAt(index);
        var seed = 2000 + kind;
        var prefix = spec.Prefix;
        var body = spec.Body(seed);
        var text = kind switch
        {
            0 => "key " + prefix + spec.ShortBody(seed) + " end",                                // one character short
            1 => "key " + prefix + spec.LongBody(seed) + " end",                                 // one character too long
            2 => "value q" + prefix + body,                                                    // glued to a word on the left
            3 => prefix[..^1] + (prefix[^1] == 'Q' ? 'Z' : 'Q') + body,                       // a different prefix
            4 => prefix + new string('x', body.Length),                                        // filler
            5 => "TOKEN=" + prefix + "${SERVICE_TOKEN}",                                       // a variable reference
            6 => "token: " + prefix + "<your-token>",                                          // a template
            7 => "tokens for this service start with " + prefix + " and are documented online", // the prefix in prose
            8 => prefix + body + "\u00e9t\u00e9",                                              // glued to a word on the right
            _ => prefix + new string('0', body.Length),                                        // no randomness
        };

        DlpAssert.DoesNotFind(text, spec.Detector);
    }

    [Theory]
    [InlineData("sgp_")]
    [InlineData("sqp_")]
    [InlineData("pnu_")]
    [InlineData("ico-")]
    [InlineData("tfp_")]
    public void Scan_PlaceholderEndingInHere_IsNotReported(string prefix)
    {
        var filler = prefix is "sgp_" or "sqp_" ? "abcdef0123456789abcdef0123456789abcd" + "here" : "YourServiceAccessTokenGoesRightHere" + "x" + "Here";
        DlpAssert.Clean("token = " + prefix + filler);
        DlpAssert.Clean("token = \"" + prefix + "PASTE_YOUR_TOKEN_HERE\"");
    }
}
