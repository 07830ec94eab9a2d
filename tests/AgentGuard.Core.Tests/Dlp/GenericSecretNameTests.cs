namespace AgentGuard.Core.Tests.Dlp;

/// <summary>How <c>generic_secret</c> reads a name by its ending: names of non-secrets win over the password and secret
/// endings they contain.</summary>
public sealed class GenericSecretNameTests
{
    private const string Value = "Xk12#mQ2vLp9Zt";

    [Theory]
    [InlineData("password", "Password")]
    [InlineData("DB_PASSWORD", "Password")]
    [InlineData("user-pwd", "Password")]
    [InlineData("passphrase", "Password")]
    [InlineData("mypass", "Password")]
    [InlineData("apiKey", "Secret")]
    [InlineData("x-api-key", "Secret")]
    [InlineData("client.secret", "Secret")]
    [InlineData("AUTH_TOKEN", "Secret")]
    [InlineData("credentials", "Secret")]
    [InlineData("webhook_secret", "Secret")]
    [InlineData("nextToken", "None")]
    [InlineData("page_token", "None")]
    [InlineData("eos-token", "None")]
    [InlineData("bypass", "None")]
    [InlineData("SecondPass", "None")]
    [InlineData("compass", "None")]
    [InlineData("key", "None")]
    [InlineData("monkey", "None")]
    [InlineData("tokens", "None")]
    [InlineData("--", "None")]
    [InlineData("", "None")]
    [InlineData("pass word", "Password")]
    [InlineData("pass/word", "None")]
    public void Classify_Name_ByItsEnding(string name, string expected) =>
        Assert.Equal(expected, GenericSecretDetector.Classify(name).ToString());

    [Theory]
    [InlineData("nextToken")]
    [InlineData("continuation_token")]
    [InlineData("bypass")]
    [InlineData("surpass")]
    [InlineData("mask_token")]
    public void Scan_NonSecretNameEndingInSecretWord_NotReported(string name) =>
        DlpAssert.DoesNotFind($"{name} = \"{Value}\"", DlpDetectorNames.GenericSecret);

    [Theory]
    [InlineData("session_token")]
    [InlineData("ADMIN_PASS")]
    [InlineData("signingKey")]
    public void Scan_SecretName_Reported(string name) =>
        DlpAssert.Finds($"{name} = \"{Value}\"", DlpDetectorNames.GenericSecret, Value);
}
