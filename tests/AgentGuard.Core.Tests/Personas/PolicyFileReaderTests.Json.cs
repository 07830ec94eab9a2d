namespace AgentGuard.Tests.Personas;

public sealed partial class PolicyFileReaderTests
{
    private const string JsonFile = "personas/p.json";

    [Fact]
    public void ReadPersonas_Json_RecordsPositionsOfEveryField()
    {
        var text = PolicyTestFiles.FixtureText("support-triage.json");
        var (personas, errors) = Read(text, JsonFile);

        Assert.Empty(errors);
        var map = Assert.Single(personas).Map;
        Assert.Equal((2, 3), map.Locate("persona"));
        Assert.Equal((PolicyTestFiles.LineOf(text, "\"^C[0-9]{6}$\""), 26), map.Locate("tools[0].args.customer_id.pattern"));
        Assert.Equal((PolicyTestFiles.LineOf(text, "\"per_minute\""), 17), map.Locate("tools[2].rate.per_minute"));
        Assert.Equal((PolicyTestFiles.LineOf(text, "\"halt_at\""), 5), map.Locate("behavior.halt_at"));
        Assert.Equal((PolicyTestFiles.LineOf(text, "[\"tickets.get\""), 21), map.Locate("workflows[0][1]"));
    }

    [Fact]
    public void ReadPersonas_JsonSyntaxError_ReportsOneBasedLineAndColumn()
    {
        const string text = "{\n  \"persona\": \"p\",\n  \"description\": \"d\"\n  \"owner\": \"o\"\n}\n";

        var error = ReadError(text, JsonFile);

        Assert.Equal((JsonFile, 4, 3, string.Empty), (error.File, error.Line, error.Column, error.Field));
        Assert.StartsWith("JSON syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_JsonSyntaxError_ColumnCountsCharactersNotBytes()
    {
        // "ééé" is 6 UTF-8 bytes but 3 characters: the stray x is the 23rd character of the line.
        var error = ReadError("{\"description\": \"ééé\" x}", JsonFile);

        Assert.Equal((1, 23), (error.Line, error.Column));
    }

    [Theory]
    [InlineData("{ \"persona\": \"p\", // a comment\n \"description\": \"d\", \"owner\": \"o\" }")]
    [InlineData("{ \"persona\": \"p\", \"description\": \"d\", \"owner\": \"o\", }")]
    [InlineData("{ persona: p, description: d, owner: o }")]
    public void ReadPersonas_JsonFileWithNonJsonSyntax_IsAJsonError(string text)
    {
        var error = ReadError(text, JsonFile);

        Assert.StartsWith("JSON syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void ReadPersonas_BraceStartedYamlFileThatIsNeitherJsonNorYaml_ReportsTheJsonError()
    {
        var error = ReadError("{\n  \"persona\": \"p\",\n  \"description\": \"d\"\n  \"owner\": \"o\"\n}\n", "personas/p.yaml");

        Assert.StartsWith("JSON syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void ReadPersonas_JsonWithoutJsonExtension_IsRecognisedByItsBrace()
    {
        var persona = ReadOne("{\"persona\":\"p\",\"description\":\"d\",\"owner\":\"o\",\"tools\":[{\"name\":\"t\",\"egress\":true}]}", "personas/p");

        Assert.True(persona.Tools[0].Egress);
    }

    [Fact]
    public void ReadPersonas_JsonIndentedWithTabs_IsAccepted()
    {
        var persona = ReadOne("{\n\t\"persona\":\t\"p\",\n\t\"description\": \"d\",\n\t\"owner\": \"o\",\n\t\"capabilities\": [\n\t\t\"a\"\n\t]\n}\n", JsonFile);

        Assert.Equal(["a"], persona.Capabilities);
    }

    [Fact]
    public void ReadPersonas_JsonEscapes_AreDecoded()
    {
        var persona = ReadOne("{\"persona\":\"p\",\"description\":\"caf\\u00e9 \\ud83d\\ude00 a\\/b \\\"q\\\"\",\"owner\":\"o\\tx\"}", JsonFile);

        Assert.Equal("café 😀 a/b \"q\"", persona.Description);
        Assert.Equal("o\tx", persona.Owner);
    }

    [Fact]
    public void ReadPersonas_JsonArray_ReadsEveryPersona()
    {
        const string text = """
            [
              { "persona": "one", "description": "d", "owner": "o" },
              { "persona": "two", "description": "d", "owner": "o",
                "tools": [ { "name": "t", "risk": "low" } ] }
            ]
            """;
        var (personas, errors) = Read(text, JsonFile);

        Assert.Empty(errors);
        Assert.Equal(["one", "two"], personas.Select(p => p.Persona.Id));
        Assert.Equal((4, 18), personas[1].Map.Locate("tools[0].name"));
    }

    [Fact]
    public void ReadPersonas_JsonArrayWithABadElement_ReportsItAtItsLine()
    {
        var (personas, errors) = Read("[\n  { \"persona\": \"one\", \"description\": \"d\", \"owner\": \"o\" },\n  { \"persona\": \"two\", \"owner\": \"o\", \"colour\": 1 }\n]", JsonFile);

        Assert.Single(personas);
        Assert.Equal([("description", 3), ("colour", 3)], errors.Select(e => (e.Field, e.Line ?? 0)));
    }

    [Fact]
    public void ReadPersonas_EmptyJsonArray_IsAnError()
    {
        Assert.Contains("holds no persona", ReadError("[]", JsonFile).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"support-triage\"", "not 'support-triage'")]
    [InlineData("42", "not '42'")]
    [InlineData("[1]", "not '1'")]
    public void ReadPersonas_JsonValueThatIsNotAnObject_IsAnError(string text, string message)
    {
        var error = ReadError(text, JsonFile);

        Assert.Contains("a persona must be a mapping of fields", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_JsonDuplicateProperty_IsRefused()
    {
        // System.Text.Json accepts duplicate properties; the reader must not let the second one win.
        var error = ReadError("{\n  \"persona\": \"p\",\n  \"description\": \"d\",\n  \"owner\": \"o\",\n  \"maturity\": \"intern\",\n  \"maturity\": \"principal\"\n}", JsonFile);

        Assert.Equal(("maturity", 6, 3), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void ReadPersonas_JsonNull_IsAnError()
    {
        var error = ReadError("{\"persona\":\"p\",\"description\":\"d\",\"owner\":\"o\",\"data\":null}", JsonFile);

        Assert.Equal("data", error.Field);
        Assert.Contains("not nothing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_JsonNestedTooDeep_IsRefused()
    {
        var text = "{\"persona\":\"p\",\"description\":\"d\",\"owner\":\"o\",\"capabilities\":" + new string('[', 5000) + new string(']', 5000) + "}";

        var error = ReadError(text, JsonFile);

        Assert.StartsWith("JSON syntax error: ", error.Message, StringComparison.Ordinal);
    }
}
