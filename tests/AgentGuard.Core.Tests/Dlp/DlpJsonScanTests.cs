using System.Text.Json;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>JSON-aware scanning and redaction: paths, keys, numbers, escapes, depth.</summary>
public sealed class DlpJsonScanTests
{
    private static JsonElement Parse(string json, int maxDepth = 64) =>
        JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth }).RootElement.Clone();

    [Fact]
    public void ScanJson_NestedValues_ReportsJsonPaths()
    {
        var card = Fake.Card("45", 16, 5);
        var json = Parse($"{{\"to\":\"bob@contoso.com\",\"items\":[{{\"note\":\"ok\"}},{{\"note\":\"fine\"}},{{\"note\":\"card {card}\"}}],\"meta\":{{\"a b\":\"10.1.2.3\"}}}}");
        var findings = DlpAssert.Scanner.ScanJson(json);
        Assert.Collection(
            findings,
            f => Assert.Equal(("$.to", DlpDetectorNames.EmailAddress, 0, "to"), (f.Path, f.Detection.Detector, f.Detection.Start, f.RootProperty)),
            f => Assert.Equal(("$.items[2].note", DlpDetectorNames.CreditCard, 5, "items"), (f.Path, f.Detection.Detector, f.Detection.Start, f.RootProperty)),
            f => Assert.Equal(("$.meta['a b']", DlpDetectorNames.IPv4Address, "meta"), (f.Path, f.Detection.Detector, f.RootProperty)));
    }

    [Fact]
    public void ScanJson_TextRoot_UsesDollarPath()
    {
        var finding = Assert.Single(DlpAssert.Scanner.ScanJson(JsonSerializer.SerializeToElement("mail bob@contoso.com")));
        Assert.Equal("$", finding.Path);
        Assert.Null(finding.RootProperty);
        Assert.Equal(5, finding.Detection.Start);
    }

    [Fact]
    public void ScanJson_SecretInPropertyName_IsFoundAndKeptOutOfPaths()
    {
        var key = Fake.AwsKeyId(3);
        var json = Parse($"{{\"{key}\":{{\"x\":\"bob@contoso.com\"}}}}");
        var findings = DlpAssert.Scanner.ScanJson(json);
        Assert.Equal(2, findings.Count);
        Assert.True(findings[0].InPropertyName);
        Assert.Equal("$['[REDACTED:aws_access_key_id]']", findings[0].Path);
        Assert.Equal("$['[REDACTED:aws_access_key_id]'].x", findings[1].Path);
        Assert.Null(findings[1].RootProperty);
        Assert.All(findings, f => Assert.DoesNotContain(key, f.Path, StringComparison.Ordinal));
        var redacted = DlpAssert.Scanner.RedactJson(json, findings);
        Assert.Equal("{\"[REDACTED:aws_access_key_id]\":{\"x\":\"[REDACTED:email_address]\"}}", redacted.GetRawText());
    }

    [Fact]
    public void ScanJson_EscapedSecret_IsUnescapedBeforeScanning()
    {
        var key = Fake.AwsKeyId(4);
        var escaped = "\\u0041" + key[1..];
        var finding = Assert.Single(DlpAssert.Scanner.ScanJson(Parse($"{{\"k\":\"{escaped}\"}}")));
        Assert.Equal((DlpDetectorNames.AwsAccessKeyId, 0, 20), (finding.Detection.Detector, finding.Detection.Start, finding.Detection.Length));
    }

    [Fact]
    public void ScanJson_LongNumber_IsScannedAndRedactedAsString()
    {
        var card = Fake.Card("45", 16, 6);
        var json = Parse($"{{\"card\":{card},\"qty\":3,\"amount\":12.5}}");
        var findings = DlpAssert.Scanner.ScanJson(json);
        Assert.Equal("$.card", Assert.Single(findings).Path);
        Assert.Equal("{\"card\":\"[REDACTED:credit_card]\",\"qty\":3,\"amount\":12.5}", DlpAssert.Scanner.RedactJson(json, findings).GetRawText());
    }

    [Theory]
    [InlineData("{\"password\":\"Xk9#mQ2$vLp\"}", true)]
    [InlineData("{\"db\":{\"api_key\":\"9f8e7d6c5b4a3f2e1d0c\"}}", true)]
    [InlineData("{\"clientSecret\":\"q8Zr_2mPw-Lx7Vn4\"}", true)]
    [InlineData("{\"password\":\"changeme\"}", false)]
    [InlineData("{\"password\":\"\"}", false)]
    [InlineData("{\"max_tokens\":\"4096\"}", false)]
    [InlineData("{\"next_page_token\":\"Ab12Cd34Ef56Gh78\"}", false)]
    [InlineData("{\"token_type\":\"Bearer\"}", false)]
    [InlineData("{\"secret\":\"${SECRET}\"}", false)]
    [InlineData("{\"password_policy\":\"Min8Chars!Upper1\"}", false)]
    public void ScanJson_ValueUnderSecretName_IsAssessedAsAWhole(string json, bool expected)
    {
        var findings = DlpAssert.Scanner.ScanJson(Parse(json));
        Assert.Equal(expected, findings.Any(f => f.Detection.Detector == DlpDetectorNames.GenericSecret));
    }

    [Fact]
    public void RedactJson_KeepsStructureTypesAndNonAsciiText()
    {
        var json = Parse("{\"a\":[1,true,null,{\"b\":\"Grüße an bob@contoso.com 😀\"}],\"c\":\"日本\"}");
        var redacted = DlpAssert.Scanner.RedactJson(json, DlpAssert.Scanner.ScanJson(json));
        Assert.Equal("{\"a\":[1,true,null,{\"b\":\"Grüße an [REDACTED:email_address] \\uD83D\\uDE00\"}],\"c\":\"日本\"}", redacted.GetRawText());
        Assert.Equal("Grüße an [REDACTED:email_address] 😀", redacted.GetProperty("a")[3].GetProperty("b").GetString());
    }

    [Fact]
    public void RedactJson_NoFindings_ReturnsTheDocumentUntouched()
    {
        var json = Parse("{ \"a\" : 1 ,\n \"b\": \"x\" }");
        Assert.Empty(DlpAssert.Scanner.ScanJson(json));
        Assert.Equal(json.GetRawText(), DlpAssert.Scanner.RedactJson(json, []).GetRawText());
    }

    [Fact]
    public void ScanJson_DeeperThanLimit_ThrowsScanException()
    {
        var scanner = new DlpScanner(new DlpOptions { MaxJsonDepth = 32 });
        var shallow = Parse(new string('[', 30) + "\"bob@contoso.com\"" + new string(']', 30));
        Assert.Equal("$" + string.Concat(Enumerable.Repeat("[0]", 30)), Assert.Single(scanner.ScanJson(shallow)).Path);
        var deep = Parse(new string('[', 40) + new string(']', 40));
        Assert.Throws<DlpScanException>(() => scanner.ScanJson(deep));
    }

    [Fact]
    public void ScanJson_EscapedLoneSurrogate_IsScannedAndRedacted()
    {
        var json = Parse("{\"k\":\"x\\ud800 bob@contoso.com\"}");
        var finding = Assert.Single(DlpAssert.Scanner.ScanJson(json));
        Assert.Equal(3, finding.Detection.Start);
        Assert.Equal("{\"k\":\"x\uFFFD [REDACTED:email_address]\"}", DlpAssert.Scanner.RedactJson(json, [finding]).GetRawText());
    }
}
