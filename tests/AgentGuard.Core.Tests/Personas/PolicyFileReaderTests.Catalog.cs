namespace AgentGuard.Tests.Personas;

public sealed partial class PolicyFileReaderTests
{
    private const string CatalogFile = "policy/catalog.yaml";

    private static (IReadOnlyList<CatalogTool> Tools, PolicySourceMap Map, List<PolicyError> Errors) ReadCatalog(string text, string path = CatalogFile)
    {
        var errors = new List<PolicyError>();
        var (tools, map) = PolicyFileReader.ReadCatalog(path, text, errors);
        return (tools, map, errors);
    }

    [Fact]
    public void ReadCatalog_FormatsExample_ReadsEveryField()
    {
        var (tools, map, errors) = ReadCatalog(PolicyTestFiles.FixtureText("catalog.yaml"));

        Assert.Empty(errors);
        var tool = Assert.Single(tools);
        Assert.Equal(
            new CatalogTool { Name = "crm.get_customer", Capabilities = tool.Capabilities, Risk = ToolRisk.Low, Egress = false, Sensitive = true },
            tool);
        Assert.Equal(["crm.read"], tool.Capabilities);
        Assert.Equal((2, 5), map.Locate("tools[0]"));
        Assert.Equal((3, 5), map.Locate("tools[0].capability"));
        Assert.Equal((6, 5), map.Locate("tools[0].sensitive"));
    }

    [Fact]
    public void ReadCatalog_CapabilityListAndCapabilitiesSpelling_AreBothAccepted()
    {
        var (tools, _, errors) = ReadCatalog("""
            tools:
              - name: a
                capability: [x.read, x.write]
                description: >
                  Does a.
              - name: b
                capabilities: y.read
                risk: High
                egress: true
              - name: c
                capabilities: [z.read]
              - name: d
            """);

        Assert.Empty(errors);
        Assert.Equal(["x.read", "x.write"], tools[0].Capabilities);
        Assert.Equal("Does a.", tools[0].Description);
        Assert.Equal(["y.read"], tools[1].Capabilities);
        Assert.Equal((ToolRisk.High, true, false), (tools[1].Risk, tools[1].Egress, tools[1].Sensitive));
        Assert.Equal(["z.read"], tools[2].Capabilities);
        Assert.Empty(tools[3].Capabilities);
        Assert.Equal(ToolRisk.Low, tools[3].Risk);
    }

    [Fact]
    public void ReadCatalog_BothCapabilityAndCapabilities_IsAnError()
    {
        var (tools, _, errors) = ReadCatalog("tools:\n  - name: a\n    capability: x\n    capabilities: [y]\n");

        Assert.Empty(tools);
        var error = Assert.Single(errors);
        Assert.Equal(("tools[0].capabilities", 4), (error.Field, error.Line));
    }

    [Theory]
    [InlineData("tools:\n  - name: a\n    owner: me\n", "tools[0].owner", 3, "unknown field 'owner' in a catalog tool")]
    [InlineData("tools:\n  - capability: x\n", "tools[0].name", 2, "required field 'name' is missing")]
    [InlineData("tools:\n  - name: a\n    risk: extreme\n", "tools[0].risk", 3, "one of low, medium, high")]
    [InlineData("tools:\n  - name: a\n    sensitive: yes\n", "tools[0].sensitive", 3, "write true or false")]
    [InlineData("tools:\n  - name: a\n    capability: { x: y }\n", "tools[0].capability", 3, "must be a list, not a mapping")]
    [InlineData("tools:\n  - crm.get\n", "tools[0]", 2, "(write '- name: crm.get')")]
    [InlineData("tools: crm.get\n", "tools", 1, "must be a list")]
    [InlineData("tool:\n  - name: a\n", "tool", 1, "(did you mean 'tools'?)")]
    [InlineData("- name: a\n", "", 1, "a catalog must be a mapping of fields, not a list (write tools: followed by a list of tools)")]
    [InlineData("# no tools\nversion: 1\n", "version", 2, "unknown field 'version'")]
    public void ReadCatalog_StructuralError_IsLocatedAndNothingIsReturned(string text, string field, int line, string message)
    {
        var (tools, _, errors) = ReadCatalog(text);

        Assert.Empty(tools);
        var error = Assert.Single(errors, e => e.Field == field);
        Assert.Equal((CatalogFile, line), (error.File, error.Line));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCatalog_MissingTools_IsAnError()
    {
        var (_, _, errors) = ReadCatalog("{}\n");

        Assert.Equal(("tools", "required field 'tools' is missing"), (Assert.Single(errors).Field, errors[0].Message));
    }

    [Fact]
    public void ReadCatalog_EmptyToolList_IsValid()
    {
        var (tools, _, errors) = ReadCatalog("tools: []\n");

        Assert.Empty(errors);
        Assert.Empty(tools);
    }

    [Fact]
    public void ReadCatalog_OneBadEntry_ReturnsNoToolSoIndexesNeverShift()
    {
        var (tools, _, errors) = ReadCatalog("tools:\n  - name: a\n  - name: b\n    risk: extreme\n  - name: c\n");

        Assert.Empty(tools);
        Assert.Single(errors);
    }

    [Fact]
    public void ReadCatalog_SecondDocument_IsAnError()
    {
        var (tools, _, errors) = ReadCatalog("tools:\n  - name: a\n---\ntools:\n  - name: b\n");

        Assert.Empty(tools);
        var error = Assert.Single(errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("a catalog file holds one YAML document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCatalog_Json_IsAccepted()
    {
        var (tools, map, errors) = ReadCatalog("{ \"tools\": [\n  { \"name\": \"a\", \"capability\": \"r\", \"sensitive\": true }\n] }", "policy/catalog.json");

        Assert.Empty(errors);
        Assert.True(Assert.Single(tools).Sensitive);
        Assert.Equal((2, 5), map.Locate("tools[0].name"));
    }
}
