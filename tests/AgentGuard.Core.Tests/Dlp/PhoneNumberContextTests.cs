namespace AgentGuard.Core.Tests.Dlp;

/// <summary>The word "number" corroborates a run-together phone number, except as the name of a type (JSON schemas, OpenAPI,
/// HTML inputs: the text an agent's tool definitions are made of).</summary>
public sealed class PhoneNumberContextTests
{
    [Theory]
    [InlineData("        size:\n          maximum: 2147483647\n          minimum: -2147483648\n          type: number\n")]
    [InlineData("{\"minimum\": -2147483648, \"maximum\": 2147483647, \"type\": \"number\"}")]
    [InlineData("{\"type\":\"number\",\"default\":4155550199}")]
    [InlineData("<input type=\"number\" value=\"0612345678\">")]
    [InlineData("{\"type\": \"number\", \"example\": 13812345678}")]
    [InlineData("{'type': 'number', 'minimum': 097625400}")]
    public void Scan_NumberAsTypeName_IsNoPhoneContext(string text) =>
        DlpAssert.DoesNotFind(text, DlpDetectorNames.PhoneNumber);

    [Theory]
    [InlineData("My Israeli number is 09-7625400", "09-7625400")]
    [InlineData("my number is 0612345678", "0612345678")]
    [InlineData("{\"number\": \"0612345678\"}", "0612345678")]
    [InlineData("contact_number: 13812345678", "13812345678")]
    [InlineData("type: mobile phone 0612345678", "0612345678")]
    [InlineData("number type: 0612345678", "0612345678")]
    public void Scan_NumberAsWord_StillCorroborates(string text, string expected) =>
        DlpAssert.Finds(text, DlpDetectorNames.PhoneNumber, expected);
}
