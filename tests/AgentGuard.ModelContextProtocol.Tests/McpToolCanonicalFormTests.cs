namespace AgentGuard.ModelContextProtocol.Tests;

public sealed class McpToolCanonicalFormTests
{
    private const string Base = """{"name":"read","description":"Reads a file.","inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":256}},"required":["path"]}}""";

    [Fact]
    public void ComputeSha256_KeyOrderWhitespaceEscapesAndNumberSpelling_SameHash()
    {
        var reordered = """
            { "inputSchema" : { "required":["path"], "properties":{"path":{"maxLength":2.56e2,"type":"string"}}, "type":"object" },
              "description":"Reads a \u0066ile.", "name":"read" }
            """;
        Assert.Equal(Hash(Base), Hash(reordered));
    }

    [Theory]
    [InlineData("""{"name":"read","description":"Reads a file. ","inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":256}},"required":["path"]}}""")]
    [InlineData("""{"name":"read","description":"Reads a f\u200Bile.","inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":256}},"required":["path"]}}""")]
    [InlineData("""{"name":"read","description":"Reads a fіle.","inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":256}},"required":["path"]}}""")]
    [InlineData("""{"name":"read","description":"Reads a file.","inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":257}},"required":["path"]}}""")]
    [InlineData("""{"name":"read","description":"Reads a file.","inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":256,"description":"x"}},"required":["path"]}}""")]
    [InlineData("""{"name":"read","description":"Reads a file.","inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":256}},"required":["path"]},"annotations":{"destructiveHint":true}}""")]
    [InlineData("""{"name":"read","title":"Reader","description":"Reads a file.","inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":256}},"required":["path"]}}""")]
    [InlineData("""{"name":"read","description":"Reads a file.","inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":256}},"required":["path"]},"outputSchema":{"type":"object"}}""")]
    [InlineData("""{"name":"Read","description":"Reads a file.","inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":256}},"required":["path"]}}""")]
    public void ComputeSha256_AnyModelFacingChange_DifferentHash(string changed) => Assert.NotEqual(Hash(Base), Hash(changed));

    [Fact]
    public void ComputeSha256_MetaAndNullMembers_NotCovered()
    {
        var withMeta = """{"name":"read","description":"Reads a file.","_meta":{"build":"42"},"title":null,"inputSchema":{"type":"object","properties":{"path":{"type":"string","maxLength":256}},"required":["path"]}}""";
        Assert.Equal(Hash(Base), Hash(withMeta));
    }

    [Fact]
    public void ToCanonicalJson_DuplicateKeysInSchema_AllPinnedInOrder()
    {
        var once = """{"name":"a","inputSchema":{"type":"object","default":"safe"}}""";
        var twice = """{"name":"a","inputSchema":{"type":"object","default":"safe","default":"evil"}}""";
        Assert.NotEqual(Hash(once), Hash(twice));
        Assert.Contains("\"default\":\"safe\",\"default\":\"evil\"", Canonical(twice), StringComparison.Ordinal);
    }

    [Fact]
    public void ToCanonicalJson_Strings_MinimalEscapesAndLiteralUnicode()
    {
        var canonical = Canonical("""{"name":"a","description":"quote \" slash \\ tab \t nl \n ctl \u0001 é 😀 \u2028 </script>"}""");
        Assert.Equal("{\"description\":\"quote \\\" slash \\\\ tab \\t nl \\n ctl \\u0001 é 😀 \u2028 </script>\",\"name\":\"a\"}", canonical);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(256.0, "256")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(0.1, "0.1")]
    [InlineData(4.5, "4.5")]
    [InlineData(333333333.3333333, "333333333.3333333")]
    public void FormatNumber_EcmaScriptShortestForm(double value, string expected) => Assert.Equal(expected, CanonicalJson.FormatNumber(value));

    [Fact]
    public void FormatNumber_NegativeZero_IsZero() => Assert.Equal("0", CanonicalJson.FormatNumber(-0.0));

    private static string Hash(string json) => McpToolCanonicalForm.ComputeSha256(System.Text.Json.JsonDocument.Parse(json).RootElement);

    private static string Canonical(string json) => McpToolCanonicalForm.ToCanonicalJson(System.Text.Json.JsonDocument.Parse(json).RootElement);
}
