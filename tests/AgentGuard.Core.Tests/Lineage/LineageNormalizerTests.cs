namespace AgentGuard.Core.Tests.Lineage;

public sealed class LineageNormalizerTests
{
    [Theory]
    [InlineData("attacker@evil.test", "attacker@evil.test")]
    [InlineData("  Attacker@EVIL.Test ", "attacker@evil.test")]
    [InlineData("mailto:attacker@evil.test?subject=hi", "attacker@evil.test")]
    [InlineData("Mallory <attacker@evil.test>", "attacker@evil.test")]
    [InlineData("attacker%40evil.test", "attacker@evil.test")]
    [InlineData("attacker%2540evil.test", "attacker@evil.test")]
    [InlineData("ａｔｔａｃｋｅｒ@evil.test", "attacker@evil.test")]
    [InlineData("attacker@evil.test.", "attacker@evil.test")]
    public void Email_Variants_HaveOneCanonicalForm(string written, string expected) =>
        Assert.Equal(expected, LineageNormalizer.Email(written));

    [Theory]
    [InlineData("attacker at evil dot test")]
    [InlineData("bob@contoso.example, eve@evil.test")]
    [InlineData("not an address")]
    [InlineData("icon@2x")]
    public void Email_NotOneAddress_IsNull(string written) => Assert.Null(LineageNormalizer.Email(written));

    [Theory]
    [InlineData("https://Collect.EVIL.test/c?id=42", "https://collect.evil.test/c?id=42", "https://collect.evil.test/c")]
    [InlineData("HTTPS://collect.evil.test:443/c/?id=42#frag", "https://collect.evil.test/c?id=42", "https://collect.evil.test/c")]
    [InlineData("https://collect.evil.test/%63?id=42", "https://collect.evil.test/c?id=42", "https://collect.evil.test/c")]
    [InlineData("https%3A%2F%2Fcollect.evil.test%2Fc%3Fid%3D42", "https://collect.evil.test/c?id=42", "https://collect.evil.test/c")]
    [InlineData("www.evil.test/c", "https://www.evil.test/c", "https://www.evil.test/c")]
    [InlineData("https://evil.test:8443/", "https://evil.test:8443", "https://evil.test:8443")]
    public void TryUrl_Variants_HaveOneCanonicalForm(string written, string full, string withoutQuery)
    {
        Assert.True(LineageNormalizer.TryUrl(written, out var f, out var w, out var host));
        Assert.Equal((full, withoutQuery), (f, w));
        Assert.EndsWith("evil.test", host, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.test")]
    [InlineData("just words")]
    [InlineData("/relative/path")]
    public void TryUrl_NoSchemeOrHost_IsFalse(string written) => Assert.False(LineageNormalizer.TryUrl(written, out _, out _, out _));

    [Theory]
    [InlineData("NL91 ABNA 0417 1643 00")]
    [InlineData("nl91abna0417164300")]
    [InlineData("NL91-ABNA-0417-1643-00")]
    [InlineData(" NL91ABNA0417164300 ")]
    public void Iban_Groupings_HaveOneCanonicalForm(string written) => Assert.Equal("NL91ABNA0417164300", LineageNormalizer.Iban(written));

    [Theory]
    [InlineData("NL91")]
    [InlineData("hello world this is text")]
    [InlineData("1234567890123456")]
    [InlineData("NL91 ABNA 0417 1643 00 and more words")]
    [InlineData("NL92ABNA0417164300")]
    public void Iban_NotAnIban_IsNull(string written) => Assert.Null(LineageNormalizer.Iban(written));

    [Theory]
    [InlineData("1.250,00", new[] { "1250" })]
    [InlineData("1,250.00", new[] { "1250" })]
    [InlineData("€1 250,50", new[] { "1250.5" })]
    [InlineData("120", new[] { "120" })]
    [InlineData("120.00", new[] { "120" })]
    [InlineData("1.234", new[] { "1234", "1.234" })]
    [InlineData("1.234.567", new[] { "1234567" })]
    [InlineData("1'000", new[] { "1000" })]
    public void Numbers_Formats_GiveEveryReading(string written, string[] expected)
    {
        var readings = new List<string>();
        LineageNormalizer.Numbers(written, readings);
        Assert.Equal(expected, readings);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12 apples")]
    [InlineData("")]
    public void Numbers_NotANumber_GivesNothing(string written)
    {
        var readings = new List<string>();
        LineageNormalizer.Numbers(written, readings);
        Assert.Empty(readings);
    }

    [Theory]
    [InlineData("  Finance   TEAM ", "finance team")]
    [InlineData("\"Acme Cleaning B.V.\",", "acme cleaning b.v")]
    [InlineData("Ｆｉｎａｎｃｅ", "finance")]
    public void Text_CaseSpacingAndWidth_AreFolded(string written, string expected) => Assert.Equal(expected, LineageNormalizer.Text(written));

    [Theory]
    [InlineData("bill-2024-05.txt", true)]
    [InlineData("msg-2231", true)]
    [InlineData("inbox", false)]
    [InlineData("latest", false)]
    [InlineData("a1", false)]
    public void IsIdentifying_CommonWordsAreNot(string value, bool expected) => Assert.Equal(expected, LineageNormalizer.IsIdentifying(value));

    [Fact]
    public void PercentDecode_StopsAfterThreeRounds()
    {
        // Four rounds of encoding: the guard decodes three and compares what is left, it does not loop forever.
        Assert.Equal("%40", LineageNormalizer.PercentDecode("%25252540"));
    }
}
