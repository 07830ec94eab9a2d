using System.Text;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Secrets hidden in base64, and what splitting a secret across values does and does not get past.</summary>
public sealed class EncodedSecretDetectorTests
{
    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string B64Url(string text) => B64(text).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static TheoryData<string, string> Encoded()
    {
        var data = new TheoryData<string, string>();
        string[] plain =
        [
            "aws_access_key_id = " + Fake.AwsKeyId(1) + "\naws_secret_access_key = " + Fake.AwsSecret(2),
            "token: " + "gh" + "p_" + Fake.Alnum(36, 3),
            "=" + Fake.AwsKeyId(4),                                        // the prefix at the second alignment
            ": " + Fake.AwsKeyId(5),                                       // and at the third
            "-----BEGIN RSA PRIVATE KEY-----\n" + Fake.Base64(64, 6) + "\n" + Fake.Base64(64, 7) + "\n-----END RSA PRIVATE KEY-----\n",
            "{\"password\":\"" + Fake.Alnum(10, 8) + "#" + Fake.Alnum(6, 9) + "\"}",
            "xo" + "xb-" + "123456789012-123456789012-" + Fake.Alnum(24, 10),
            "OPENAI_API_KEY=" + "sk-" + "proj-" + Fake.Base64Url(58, 11) + "T3Blbk" + "FJ" + Fake.Base64Url(58, 12),
            "STRIPE_KEY=" + "sk" + "_live_" + Fake.Alnum(24, 13),
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + Fake.Base64(86, 14) + "==;EndpointSuffix=core.windows.net",
        ];
        string[] wrappers = ["{0}", "data: \"{0}\"", "{{\"blob\":\"{0}\"}}", "Authorization: Custom {0}", "echo {0} | base64 -d"];
        for (var i = 0; i < plain.Length; i++)
        {
            var encoded = i % 3 == 2 ? B64Url(plain[i]) : B64(plain[i]);
            data.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, wrappers[i % wrappers.Length], encoded), encoded);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Encoded))]
    public void Scan_Base64OfSecret_IsFound(string text, string encoded) => DlpAssert.Finds(text, DlpDetectorNames.EncodedSecret, encoded);

    public static TheoryData<string> NearMisses() =>
    [
        B64("the password policy requires twelve characters"),       // a secret word, no secret
        B64("ask the secret santa organiser"),
        B64("AKIA is the prefix of AWS access key ids"),                // the prefix, but no key
        B64("ghp_ tokens are GitHub personal access tokens"),
        B64("password: ********"),                                     // a masked value
        B64("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"), // a certificate is not a private key
        B64("token = " + "gh" + "p_" + "short"),
        B64("{\"secret\":\"changeme\"}"),                               // a placeholder
        Convert.ToBase64String(Enumerable.Range(0, 300).Select(i => (byte)(i * 37 % 251)).ToArray()), // random bytes
        B64("hello world, nothing to see here at all"),
    ];

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void Scan_Base64OfOrdinaryText_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.EncodedSecret);

    [Fact]
    public void Scan_DoubleEncodedSecret_IsNotDecodedTwice()
    {
        // Decoding goes one level deep, so scanning stays bounded: base64 of base64 of a key is not caught (documented).
        var twice = B64(B64("token: " + "gh" + "p_" + Fake.Alnum(36, 20)));
        DlpAssert.DoesNotFind(twice, DlpDetectorNames.EncodedSecret);
    }

    [Fact]
    public void Scan_SecretSplitAcrossJsonValues_IsNotCaught()
    {
        // A key split across two string values is outside what the scanner claims to catch (documented in docs/dlp.md);
        // each half alone is too short for its detector.
        var key = "gh" + "p_" + Fake.Alnum(36, 21);
        var json = "{\"a\":\"" + key[..20] + "\",\"b\":\"" + key[20..] + "\"}";
        DlpAssert.DoesNotFind(json, DlpDetectorNames.GitHubPersonalAccessToken);
    }

    [Fact]
    public void Scan_HugeBase64Run_StaysBounded()
    {
        // A run longer than the cap is not decoded; the scan still finishes with a clear result.
        var huge = B64(new string('a', 20000) + " password=" + Fake.Alnum(16, 22) + "#x");
        var findings = DlpAssert.Scanner.Scan(huge);
        Assert.DoesNotContain(findings, f => f.Detector == DlpDetectorNames.EncodedSecret);
    }
}
