namespace AgentGuard.Tests.Personas;

public sealed partial class PolicyFileReaderTests
{
    [Fact]
    public void ReadPersonas_LineageSection_ReadsEveryField()
    {
        var persona = ReadOne(Head + """
            maturity: senior
            lineage:
              user: allow
              persona: allow
              named_result: approval
              tool_result: deny
              unknown: score
              score: 25
              trusted: [finance-team@contoso.example, "NL91 ABNA 0417 1643 00"]
            """);

        Assert.Equal(
            (LineageAction.Allow, LineageAction.Allow, LineageAction.Approval, LineageAction.Deny, LineageAction.Score, 25d),
            (persona.Lineage.User, persona.Lineage.Persona, persona.Lineage.NamedResult, persona.Lineage.ToolResult, persona.Lineage.Unknown, persona.Lineage.Score));
        Assert.Equal(["finance-team@contoso.example", "NL91 ABNA 0417 1643 00"], persona.Lineage.Trusted);
    }

    [Fact]
    public void ReadPersonas_NoLineageSection_LeavesEveryActionToTheMaturityDefault()
    {
        var persona = ReadOne(Head + "maturity: principal");

        Assert.Equal(new LineagePolicy(), persona.Lineage);
        Assert.Equal(LineageAction.Score, persona.Lineage.Resolve(LineageOrigin.ToolResult, persona.Maturity));
    }

    [Fact]
    public void ReadPersonas_LineageSectionInJson_ReadsLikeYaml()
    {
        const string text = """
            {
              "persona": "p", "description": "d", "owner": "o",
              "lineage": { "tool_result": "approval", "trusted": ["ap@contoso.example"] }
            }
            """;

        var persona = ReadOne(text, JsonFile);

        Assert.Equal(LineageAction.Approval, persona.Lineage.ToolResult);
        Assert.Equal(["ap@contoso.example"], persona.Lineage.Trusted);
    }

    [Theory]
    [InlineData("lineage:\n  tool_result: block", 5, "lineage.tool_result", "tool_result must be one of allow, score, approval, deny, not 'block'")]
    [InlineData("lineage:\n  from_tools: deny", 5, "lineage.from_tools", "unknown field 'from_tools' in lineage")]
    [InlineData("lineage:\n  trusted: ap@contoso.example", 5, "lineage.trusted", "must be a list")]
    [InlineData("lineage:\n  score: lots", 5, "lineage.score", "lots")]
    [InlineData("lineage: deny", 4, "lineage", "must be a mapping")]
    public void ReadPersonas_BadLineageSection_NamesFileLineAndField(string yaml, int line, string field, string message)
    {
        var error = ReadError(Head + yaml);

        Assert.Equal((File, line, field), (error.File, error.Line, error.Field));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPersonas_BadLineageActionInJson_NamesLineAndField()
    {
        const string text = "{\n  \"persona\": \"p\", \"description\": \"d\", \"owner\": \"o\",\n  \"lineage\": {\n    \"unknown\": \"maybe\"\n  }\n}\n";

        var error = ReadError(text, JsonFile);

        Assert.Equal((JsonFile, 4, "lineage.unknown"), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void ReadCatalog_LineageMarker_ListsTheSensitiveArguments()
    {
        var (tools, map, errors) = ReadCatalog("""
            tools:
              - name: payments.send
                capability: payments.send
                risk: medium
                lineage: [iban, amount, payee]
            """);

        Assert.Empty(errors);
        Assert.Equal(["iban", "amount", "payee"], Assert.Single(tools).LineageArguments);
        Assert.Equal((5, 5), map.Locate("tools[0].lineage"));
    }

    [Fact]
    public void ReadCatalog_LineageMarkerNotAList_NamesLineAndField()
    {
        var (_, _, errors) = ReadCatalog("tools:\n  - name: a\n    lineage: true\n");

        var error = Assert.Single(errors);
        Assert.Equal((3, "tools[0].lineage"), (error.Line, error.Field));
    }

    [Fact]
    public void Build_NonPositiveLineageScore_IsAnErrorAtItsLine()
    {
        using var files = new PolicyTestFiles();
        var path = files.Write("personas/p.yaml", Head + "lineage:\n  score: 0\n  trusted: ['']\n");

        var ex = Assert.Throws<PolicyValidationException>(() => new PolicyBuilder().AddPersonaFile(path).Build());

        Assert.Contains(ex.Errors, e => e.Field == "lineage.score" && e.Line == 5 && e.Message.Contains("positive", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Field == "lineage.trusted[0]" && e.Line == 6);
    }
}
