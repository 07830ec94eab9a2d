using System.Globalization;
using System.Text;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>True positives and near-misses for the structured secrets without a plain prefix: Jenkins encrypted secrets,
/// Google service-account key files, Entra ID refresh tokens and Discord bot tokens.</summary>
/// <remarks>Values are random at run time (<see cref="Fake"/>); no literal in this file is a credential.</remarks>
public sealed class SecretFormatTests
{
    private const string JenkinsMarker = "AQAAAB" + "AAA";

    private static string Jenkins(int seed) => JenkinsMarker + "A" + Fake.Base64(40 + (seed % 30), seed) + "=";

    public static TheoryData<string> JenkinsLayouts() =>
    [
        "<secret>{{{0}}}</secret>",
        "<password>{{{0}}}</password>",
        "<apiToken>{{{0}}}</apiToken>",
        "  <privateKey>{{{0}}}</privateKey>\n",
        "token = '{{{0}}}'",
        "\"secret\": \"{{{0}}}\"",
        "<secret>{{label {0}}}</secret>",
        "value: {{{0}}}",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl><secret>{{{0}}}</secret></com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "<passphrase>{{{0}}}</passphrase>",
    ];

    [Theory]
    [MemberData(nameof(JenkinsLayouts))]
    public void Scan_JenkinsEncryptedSecret_IsFound(string layout)
    {
        var secret = Jenkins(layout.Length);
        var text = string.Format(CultureInfo.InvariantCulture, layout, secret);
        var inner = text[(text.IndexOf('{', StringComparison.Ordinal) + 1)..text.IndexOf('}', StringComparison.Ordinal)];
        DlpAssert.Finds(text, DlpDetectorNames.JenkinsSecret, inner);
    }

    [Theory]
    [InlineData("<secret>" + JenkinsMarker + "A1b2C3d4E5f6G7h8</secret>")]      // no braces
    [InlineData("<secret>{" + JenkinsMarker + "}</secret>")]                     // nothing after the marker
    [InlineData("<secret>{" + JenkinsMarker + "AAAAAAAAAAAAAAAA}</secret>")]     // no randomness
    [InlineData("<secret>{" + JenkinsMarker + " two words}</secret>")]           // words, not a value
    [InlineData("<secret>{" + JenkinsMarker + "A1b2C3d4E5f6G7h8</secret>")]     // never closed
    [InlineData("{\n" + JenkinsMarker + "A1b2C3d4E5f6G7h8}")]                   // the brace on another line
    [InlineData("<secret>{" + JenkinsMarker + "xxxxxxxxxxxxxxxx}</secret>")]     // filler
    [InlineData("<secret>{" + JenkinsMarker + "Ab1}</secret>")]                  // too short
    [InlineData("the " + JenkinsMarker + " prefix marks Jenkins secrets")]       // prose
    [InlineData("{" + JenkinsMarker + "A1b2C3d4E5f6G7h8\nmore}")]               // the closing brace on another line
    public void Scan_JenkinsNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.JenkinsSecret);

    private static string ServiceAccount(string privateKey, bool escapedTwice = false, string type = "service_account")
    {
        var json = "{\n  \"type\": \"" + type + "\",\n  \"project_id\": \"demo-project\",\n  \"private_key_id\": \"" + Fake.Hex(40, 3)
            + "\",\n  \"private_key\": \"" + privateKey + "\",\n  \"client_email\": \"svc@demo-project.iam.gserviceaccount.com\"\n}";
        return escapedTwice ? "{\"credentials\":\"" + json.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"}" : json;
    }

    private static string Pem(int length, int seed, string newline = "\\n") =>
        "-----BEGIN " + "PRIVATE KEY-----" + newline + Fake.Base64(length, seed) + newline + "-----END " + "PRIVATE KEY-----" + newline;

    [Theory]
    [InlineData(24, false)]
    [InlineData(32, false)]
    [InlineData(64, false)]
    [InlineData(200, false)]
    [InlineData(1600, false)]
    [InlineData(24, true)]
    [InlineData(64, true)]
    [InlineData(200, true)]
    [InlineData(900, true)]
    [InlineData(1600, true)]
    public void Scan_GcpServiceAccountKeyFile_IsFound(int length, bool escapedTwice)
    {
        var text = ServiceAccount(Pem(length, length, escapedTwice ? "\n" : "\\n"), escapedTwice);
        var start = text.IndexOf("-----BEGIN", StringComparison.Ordinal);
        var end = text.IndexOf("KEY-----", start + 20, StringComparison.Ordinal) + 8;
        DlpAssert.Finds(text, DlpDetectorNames.GcpServiceAccountKey, text[start..end]);
    }

    [Fact]
    public void Scan_GcpServiceAccountNearMisses_AreNotReported()
    {
        var pem = Pem(24, 1);
        DlpAssert.DoesNotFind(ServiceAccount(pem, type: "authorized_user"), DlpDetectorNames.GcpServiceAccountKey);                // another type
        DlpAssert.DoesNotFind(ServiceAccount("", type: "service_account"), DlpDetectorNames.GcpServiceAccountKey);                // no key
        DlpAssert.DoesNotFind(ServiceAccount("-----BEGIN " + "PRIVATE KEY-----\\n", type: "service_account"), DlpDetectorNames.GcpServiceAccountKey); // no END
        DlpAssert.DoesNotFind(ServiceAccount("-----BEGIN " + "PRIVATE KEY-----\\n-----END " + "PRIVATE KEY-----", type: "service_account"), DlpDetectorNames.GcpServiceAccountKey); // empty
        DlpAssert.DoesNotFind("create a service_account and download its private_key: " + pem, DlpDetectorNames.GcpServiceAccountKey); // not a JSON member
        DlpAssert.DoesNotFind("{\"type\": \"service_account\"}" + new string(' ', 5000) + "\"private_key\": \"" + pem + "\"", DlpDetectorNames.GcpServiceAccountKey); // too far
        DlpAssert.DoesNotFind(ServiceAccount(pem).Replace("\"private_key\"", "\"public_key\"", StringComparison.Ordinal), DlpDetectorNames.GcpServiceAccountKey);
        DlpAssert.DoesNotFind(ServiceAccount("-----BEGIN " + "PUBLIC KEY-----\\n" + Fake.Base64(64, 2) + "\\n-----END " + "PUBLIC KEY-----"), DlpDetectorNames.GcpServiceAccountKey);
        DlpAssert.DoesNotFind(ServiceAccount(pem).Replace("\"service_account\"", "\"service_accounts\"", StringComparison.Ordinal), DlpDetectorNames.GcpServiceAccountKey);
        DlpAssert.DoesNotFind(ServiceAccount("see " + pem), DlpDetectorNames.GcpServiceAccountKey);                              // text before the PEM
    }

    private static string Entra(int seed, char version = '0', int client = 60, int secret = 400, bool third = false) =>
        version + ".A" + Fake.Base64Url(client, seed) + ".AgAB" + Fake.Base64Url(secret - 4, seed + 1) + (third ? ".A" + Fake.Base64Url(220, seed + 2) : string.Empty);

    public static TheoryData<string, int> EntraCases() => new()
    {
        { "\"refresh_token\": \"{0}\"", 0 }, { "refresh_token={0}&client_id=x", 1 }, { "{0}", 2 }, { "let token = \"{0}\";", 3 },
        { "AADRefreshToken | {0} |", 4 }, { "\"refreshToken\":\"{0}\"", 5 }, { "token: {0}", 6 }, { "<token>{0}</token>", 7 },
        { "export AZ_REFRESH={0}", 8 }, { "Bearer {0}", 9 },
    };

    [Theory]
    [MemberData(nameof(EntraCases))]
    public void Scan_EntraRefreshToken_IsFound(string layout, int seed)
    {
        var token = Entra(seed, seed % 2 == 0 ? '0' : '1', 51 + (seed * 7), 260 + (seed * 50), third: seed % 3 == 0);
        DlpAssert.Finds(string.Format(CultureInfo.InvariantCulture, layout, token), DlpDetectorNames.EntraRefreshToken, token);
    }

    [Fact]
    public void Scan_EntraRefreshTokenNearMisses_AreNotReported()
    {
        DlpAssert.DoesNotFind(Entra(1, '2'), DlpDetectorNames.EntraRefreshToken);                       // another version digit
        DlpAssert.DoesNotFind(Entra(2, client: 40), DlpDetectorNames.EntraRefreshToken);                // client part too short
        DlpAssert.DoesNotFind(Entra(3, secret: 200), DlpDetectorNames.EntraRefreshToken);               // token part too short
        DlpAssert.DoesNotFind("x" + Entra(4), DlpDetectorNames.EntraRefreshToken);                     // glued on the left
        DlpAssert.DoesNotFind(Entra(5) + "\u00e9", DlpDetectorNames.EntraRefreshToken);                 // glued on the right
        DlpAssert.DoesNotFind("0.B" + Fake.Base64Url(60, 6) + ".AgAB" + Fake.Base64Url(300, 7), DlpDetectorNames.EntraRefreshToken); // not .A
        DlpAssert.DoesNotFind("0.A" + Fake.Base64Url(60, 8) + ".AgAB" + new string('A', 300), DlpDetectorNames.EntraRefreshToken);   // no randomness
        DlpAssert.DoesNotFind("the .AgAB part of a refresh token", DlpDetectorNames.EntraRefreshToken);
        DlpAssert.DoesNotFind(".AgAB" + Fake.Base64Url(300, 9), DlpDetectorNames.EntraRefreshToken);   // no client part
        DlpAssert.DoesNotFind("0.A" + Fake.Base64Url(60, 10) + " .AgAB" + Fake.Base64Url(300, 11), DlpDetectorNames.EntraRefreshToken); // split
    }

    private static string Discord(int seed, string? id = null) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(id ?? "1" + Fake.Digits(17 + (seed % 2), seed))).TrimEnd('=') + "." + Fake.Base64Url(6, seed + 1) + "." + Fake.Base64Url(27 + (seed % 12), seed + 2);

    [Theory]
    [InlineData("DISCORD_TOKEN={0}", 1)]
    [InlineData("discord bot token: {0}", 2)]
    [InlineData("{{\"discord\": {{\"token\": \"{0}\"}}}}", 3)]
    [InlineData("Discord.login(\"{0}\")", 4)]
    [InlineData("# discord\nclient.run('{0}')", 5)]
    [InlineData("export DISCORD_BOT_TOKEN=\"{0}\"", 6)]
    [InlineData("discord:\n  token: {0}", 7)]
    [InlineData("DiscordClient(token=\"{0}\")", 8)]
    [InlineData("[discord]\nbot = {0}", 9)]
    [InlineData("discord_token = `{0}`", 10)]
    public void Scan_DiscordBotToken_IsFound(string layout, int seed)
    {
        var token = Discord(seed);
        DlpAssert.Finds(string.Format(CultureInfo.InvariantCulture, layout, token), DlpDetectorNames.DiscordBotToken, token);
    }

    [Fact]
    public void Scan_DiscordBotTokenNearMisses_AreNotReported()
    {
        var token = Discord(1);
        DlpAssert.DoesNotFind("DISCORD_TOKEN=" + Discord(2, id: "12345678901234567a"), DlpDetectorNames.DiscordBotToken);   // id not digits
        DlpAssert.DoesNotFind("DISCORD_TOKEN=" + Discord(3, id: "1234567890"), DlpDetectorNames.DiscordBotToken);           // id too short
        DlpAssert.DoesNotFind("DISCORD_TOKEN=" + token[..token.LastIndexOf('.')], DlpDetectorNames.DiscordBotToken);        // no HMAC
        DlpAssert.DoesNotFind("DISCORD_TOKEN=" + token.Replace('.', '-'), DlpDetectorNames.DiscordBotToken);                // no dots
        DlpAssert.DoesNotFind("DISCORD_TOKEN=" + token + "." + Fake.Base64Url(8, 4), DlpDetectorNames.DiscordBotToken);     // a fourth part
        DlpAssert.DoesNotFind("BOT_TOKEN=" + token, DlpDetectorNames.DiscordBotToken);                                        // no name near
        DlpAssert.DoesNotFind("discord" + new string(' ', 130) + token, DlpDetectorNames.DiscordBotToken);                   // too far
        DlpAssert.DoesNotFind("DISCORD_TOKEN=" + token[..(token.LastIndexOf('.') + 1)] + new string('a', 30), DlpDetectorNames.DiscordBotToken); // no randomness
        DlpAssert.DoesNotFind("DISCORD_TOKEN=" + Discord(5, id: "01234567890123456789"), DlpDetectorNames.DiscordBotToken); // a leading zero
        DlpAssert.DoesNotFind("discord tokens look like <id>.<timestamp>.<hmac>", DlpDetectorNames.DiscordBotToken);
    }

    [Theory]
    [InlineData("xoxa-511111111-31111111111-3111111111111-")]
    [InlineData("xoxs-3206092076-3204538285-3743137121-")]
    [InlineData("xoxb-1111111111-2222222222-")]
    public void Scan_SlackTokenWithRepetitiveIds_JudgedByItsSecretPart(string head)
    {
        var token = head + Fake.Hex(head.StartsWith("xoxs", StringComparison.Ordinal) ? 10 : 24, head.Length);
        DlpAssert.Finds("token " + token, DlpDetectorNames.SlackToken, token);
        DlpAssert.DoesNotFind("token " + head + "aaaaaaaaaaaaaaaaaaaaaaaa", DlpDetectorNames.SlackToken);
        DlpAssert.DoesNotFind("token " + head + "xxxxxxxxxxxxxxxxxxxxxxxx", DlpDetectorNames.SlackToken);
        DlpAssert.DoesNotFind("token " + head + "ab12", DlpDetectorNames.SlackToken);
    }
}
