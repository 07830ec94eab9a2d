using System.Text.Json;

namespace AgentGuard.Tests.Personas;

public sealed partial class PolicyFileReaderTests
{
    private const string File = "personas/p.yaml";

    private static (IReadOnlyList<(Persona Persona, PolicySourceMap Map)> Personas, List<PolicyError> Errors) Read(string text, string path = File)
    {
        var errors = new List<PolicyError>();
        var personas = PolicyFileReader.ReadPersonas(path, text, errors);
        return (personas, errors);
    }

    private static Persona ReadOne(string text, string path = File)
    {
        var (personas, errors) = Read(text, path);
        Assert.Empty(errors);
        return Assert.Single(personas).Persona;
    }

    private static PolicyError ReadError(string text, string path = File)
    {
        var (personas, errors) = Read(text, path);
        Assert.Empty(personas);
        return Assert.Single(errors);
    }

    private static string Json(Persona persona) => JsonSerializer.Serialize(persona with { Source = null });

    [Fact]
    public void ReadPersonas_FormatsExample_ReadsEveryField()
    {
        var path = PolicyTestFiles.Fixture("support-triage.yaml");
        var persona = ReadOne(System.IO.File.ReadAllText(path), path);

        Assert.Equal("support-triage", persona.Id);
        Assert.StartsWith("Triage inbound support tickets: read the ticket", persona.Description, StringComparison.Ordinal);
        Assert.EndsWith("Never exports customer data in bulk.", persona.Description, StringComparison.Ordinal);
        Assert.Equal("support-platform@contoso.example", persona.Owner);
        Assert.Equal(Maturity.Junior, persona.Maturity);
        Assert.Equal(["tickets.read", "crm.read"], persona.Capabilities);
        Assert.Equal(path, persona.Source);

        Assert.Equal(["crm.get_customer", "crm.search_customers", "email.send"], persona.Tools.Select(t => t.Name));
        var get = persona.Tools[0];
        Assert.Null(get.Risk);
        Assert.Null(get.Egress);
        Assert.Null(get.Rate);
        Assert.Equal("^C[0-9]{6}$", Assert.Single(get.Args!).Value.Pattern);

        var search = persona.Tools[1].Args!;
        Assert.Equal(64, search["query"].MaxLength);
        Assert.True(search["query"].DenyWildcards);
        Assert.False(search["query"].Required);
        Assert.Equal(50d, search["limit"].Max);
        Assert.Null(search["limit"].Min);

        var send = persona.Tools[2];
        Assert.Equal(ToolRisk.High, send.Risk);
        Assert.True(send.Egress);
        Assert.Equal(["contoso.example"], send.Args!["to"].AllowedDomains!);
        Assert.Equal(new RateLimit { PerMinute = 5, PerHour = 50 }, send.Rate);

        Assert.Equal(
            new DataEnvelope { MaxRecordsPerCall = 50, MaxRecordsPerHour = 500, MaxDistinctResourcesPerHour = 200, MaxResultBytesPerCall = 1048576 },
            persona.Data);
        Assert.Equal(["tickets.get", "crm.get_customer", "email.send"], Assert.Single(persona.Workflows));
        Assert.Equal(new BehaviorThresholds { AlertAt = 40, ApprovalAt = 70, HaltAt = 100 }, persona.Behavior);
        Assert.Equal(new DlpPolicy { EgressArgs = DlpAction.Block, Args = DlpAction.Redact, Results = DlpAction.Redact }, persona.Dlp);
    }

    [Fact]
    public void ReadPersonas_FormatsExample_RecordsEveryFieldPosition()
    {
        var text = PolicyTestFiles.FixtureText("support-triage.yaml");
        var (personas, errors) = Read(text);
        Assert.Empty(errors);
        var map = Assert.Single(personas).Map;

        Assert.Equal("personas/p.yaml", map.File);
        Assert.Equal((1, 1), At("persona"));
        Assert.Equal((2, 1), At("description"));
        Assert.Equal((5, 1), At("owner"));
        Assert.Equal((6, 1), At("maturity"));
        Assert.Equal((7, 1), At("capabilities"));
        Assert.Equal((7, 16), At("capabilities[0]"));
        Assert.Equal((7, 30), At("capabilities[1]"));
        Assert.Equal((9, 5), At("tools[0]"));
        Assert.Equal((9, 5), At("tools[0].name"));
        Assert.Equal((11, 7), At("tools[0].args.customer_id"));
        Assert.Equal((11, 22), At("tools[0].args.customer_id.pattern"));
        Assert.Equal((12, 5), At("tools[1]"));
        Assert.Equal((12, 5), At("tools[1].name"));
        Assert.Equal((14, 16), At("tools[1].args.query.max_length"));
        Assert.Equal((14, 32), At("tools[1].args.query.deny_wildcards"));
        Assert.Equal((15, 16), At("tools[1].args.limit.max"));
        Assert.Equal((17, 5), At("tools[2].risk"));
        Assert.Equal((18, 5), At("tools[2].egress"));
        Assert.Equal((20, 7), At("tools[2].args.to"));
        Assert.Equal((20, 31), At("tools[2].args.to.allowed_domains[0]"));
        Assert.Equal((21, 5), At("tools[2].rate"));
        Assert.Equal((21, 13), At("tools[2].rate.per_minute"));
        Assert.Equal((21, 28), At("tools[2].rate.per_hour"));
        Assert.Equal((23, 3), At("data.max_records_per_call"));
        Assert.Equal((26, 3), At("data.max_result_bytes_per_call"));
        Assert.Equal((28, 5), At("workflows[0]"));
        Assert.Equal((28, 6), At("workflows[0][0]"));
        Assert.Equal((28, 19), At("workflows[0][1]"));
        Assert.Equal((30, 3), At("behavior.alert_at"));
        Assert.Equal((32, 3), At("behavior.halt_at"));
        Assert.Equal((34, 3), At("dlp.egress_args"));
        Assert.Equal((36, 3), At("dlp.results"));

        (int?, int?) At(string path) => map.Locate(path);
    }

    [Fact]
    public void ReadPersonas_MultipleYamlDocuments_ReadsEachWithItsOwnMap()
    {
        const string text = """
            persona: first
            description: One.
            owner: a@example.com
            ---
            # the second persona
            persona: second
            description: Two.
            owner: b@example.com
            tools:
              - name: tickets.get
            ---
            """;
        var (personas, errors) = Read(text);

        Assert.Empty(errors);
        Assert.Equal(["first", "second"], personas.Select(p => p.Persona.Id));
        Assert.Equal((1, 1), personas[0].Map.Locate("persona"));
        Assert.Equal((6, 1), personas[1].Map.Locate("persona"));
        Assert.Equal((10, 5), personas[1].Map.Locate("tools[0].name"));
        Assert.NotSame(personas[0].Map, personas[1].Map);
    }

    [Fact]
    public void ReadPersonas_ErrorInOneDocument_ReturnsOnlyTheOthers()
    {
        const string text = """
            persona: good
            description: Fine.
            owner: a@example.com
            ---
            persona: bad
            description: Broken.
            owner: b@example.com
            maturity: boss
            """;
        var (personas, errors) = Read(text);

        Assert.Equal("good", Assert.Single(personas).Persona.Id);
        var error = Assert.Single(errors);
        Assert.Equal((8, "maturity"), (error.Line, error.Field));
    }

    [Fact]
    public void ReadPersonas_OptionalFieldsOmitted_UsesDefaults()
    {
        var persona = ReadOne("""
            persona: minimal
            description: The least a persona needs.
            owner: team@example.com
            tools:
              - name: tickets.get
            """);

        Assert.Equal(Maturity.Intern, persona.Maturity);
        Assert.Empty(persona.Capabilities);
        Assert.Empty(persona.Workflows);
        Assert.Equal(new DataEnvelope(), persona.Data);
        Assert.Equal(new BehaviorThresholds(), persona.Behavior);
        Assert.Equal(new DlpPolicy(), persona.Dlp);
        var grant = Assert.Single(persona.Tools);
        Assert.Null(grant.Args);
        Assert.Null(grant.Risk);
        Assert.Null(grant.Egress);
        Assert.Null(grant.Rate);
    }

    [Fact]
    public void ReadPersonas_EnumeratedValues_AreCaseInsensitive()
    {
        var persona = ReadOne("""
            persona: cased
            description: d
            owner: o
            maturity: Principal
            tools:
              - name: t
                risk: MEDIUM
                egress: TRUE
            dlp: { egress_args: Allow, args: BLOCK, results: reDact }
            """);

        Assert.Equal(Maturity.Principal, persona.Maturity);
        Assert.Equal(ToolRisk.Medium, persona.Tools[0].Risk);
        Assert.True(persona.Tools[0].Egress);
        Assert.Equal(new DlpPolicy { EgressArgs = DlpAction.Allow, Args = DlpAction.Block, Results = DlpAction.Redact }, persona.Dlp);
    }

    [Fact]
    public void ReadPersonas_QuotedNumbersAndBooleans_AreReadByTheirText()
    {
        var persona = ReadOne("""
            persona: quoted
            description: d
            owner: o
            tools:
              - name: t
                egress: "false"
                rate: { per_minute: "5" }
                args:
                  n: { min: "-2.5", max: '1e3', max_length: "10", required: 'true' }
            behavior: { alert_at: "10.5" }
            """);

        var grant = persona.Tools[0];
        Assert.False(grant.Egress);
        Assert.Equal(5, grant.Rate!.PerMinute);
        Assert.Equal(new ArgumentConstraint { Min = -2.5, Max = 1000, MaxLength = 10, Required = true }, grant.Args!["n"]);
        Assert.Equal(10.5, persona.Behavior.AlertAt);
        Assert.Equal(70, persona.Behavior.ApprovalAt);
    }

    [Theory]
    [InlineData("5", 5)]
    [InlineData("+5", 5)]
    [InlineData("5.0", 5)]
    [InlineData("1e2", 100)]
    [InlineData("\"2.5e1\"", 25)]
    public void ReadPersonas_WholeNumberInDecimalOrExponentForm_IsAnInteger(string written, int expected)
    {
        var persona = ReadOne(Head + $"tools:\n  - name: t\n    rate: {{ per_hour: {written} }}");

        Assert.Equal(expected, persona.Tools[0].Rate!.PerHour);
    }

    [Fact]
    public void ReadPersonas_StringFieldWrittenAsNumber_IsReadAsItsText()
    {
        var persona = ReadOne("""
            persona: 2024
            description: 42
            owner: true
            """);

        Assert.Equal(("2024", "42", "true"), (persona.Id, persona.Description, persona.Owner));
    }

    [Fact]
    public void ReadPersonas_EnumConstraint_ConvertsScalarsToTheTextArgumentsAreComparedWith()
    {
        var persona = ReadOne("""
            persona: e
            description: d
            owner: o
            tools:
              - name: t
                args:
                  mode: { enum: [fast, 1, 2.50, True, "False", "null", -3] }
            """);

        Assert.Equal(["fast", "1", "2.50", "true", "False", "null", "-3"], persona.Tools[0].Args!["mode"].Enum!);
    }

    [Fact]
    public void ReadPersonas_EveryConstraintField_IsRead()
    {
        var persona = ReadOne("""
            persona: all
            description: d
            owner: o
            tools:
              - name: http.get
                args:
                  url: { allowed_hosts: ["api.example.com", "*.example.org", "h:8443"], required: true, max_length: 2048 }
                  to: { allowed_domains: [example.com], deny_wildcards: false }
                  n: { min: 1, max: 10, enum: [1, 2] }
                  free: {}
            """);

        var args = persona.Tools[0].Args!;
        Assert.Equal(["api.example.com", "*.example.org", "h:8443"], args["url"].AllowedHosts!);
        Assert.True(args["url"].Required);
        Assert.Equal(2048, args["url"].MaxLength);
        Assert.Equal(["example.com"], args["to"].AllowedDomains!);
        Assert.False(args["to"].DenyWildcards);
        Assert.Equal((1d, 10d), (args["n"].Min, args["n"].Max));
        Assert.Equal(new ArgumentConstraint(), args["free"]);
    }

    [Fact]
    public void ReadPersonas_EmptyArgsMapping_RefusesEveryArgumentRatherThanNone()
    {
        var persona = ReadOne("""
            persona: noargs
            description: d
            owner: o
            tools:
              - { name: t, args: {} }
            """);

        var args = persona.Tools[0].Args;
        Assert.NotNull(args);
        Assert.Empty(args);
    }

    [Fact]
    public void ReadPersonas_YamlFlowMappingInYamlFile_IsReadAsYaml()
    {
        // Starts with '{' but is not JSON (unquoted keys): a YAML flow mapping is still accepted in a .yaml file.
        var persona = ReadOne("{ persona: flow, description: d, owner: o }\n");

        Assert.Equal("flow", persona.Id);
    }

    [Fact]
    public void ReadPersonas_TrailingDocumentMarker_IsIgnored()
    {
        var (personas, errors) = Read("---\npersona: a\ndescription: d\nowner: o\n---\n");

        Assert.Empty(errors);
        Assert.Single(personas);
    }

    [Fact]
    public void ReadPersonas_Json_MatchesTheYamlExample()
    {
        var yaml = ReadOne(PolicyTestFiles.FixtureText("support-triage.yaml"));
        var jsonPath = PolicyTestFiles.Fixture("support-triage.json");
        var json = ReadOne(System.IO.File.ReadAllText(jsonPath), jsonPath);

        Assert.Equal(jsonPath, json.Source);
        Assert.Equal(Json(yaml), Json(json));
    }
}
