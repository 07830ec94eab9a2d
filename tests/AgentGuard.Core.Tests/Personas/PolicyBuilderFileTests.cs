namespace AgentGuard.Tests.Personas;

public sealed class PolicyBuilderFileTests : IDisposable
{
    private const string Minimal = "description: d\nowner: o\n";

    private readonly PolicyTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static PolicyValidationException BuildFails(PolicyBuilder builder) => Assert.Throws<PolicyValidationException>(() => builder.Build());

    [Fact]
    public void AddPersonaFile_FormatsExample_BuildsThePolicy()
    {
        var path = PolicyTestFiles.Fixture("support-triage.yaml");

        var policy = new PolicyBuilder().AddPersonaFile(path).Build();

        Assert.True(policy.TryGetPersona("support-triage", out var compiled));
        Assert.Equal(path, compiled.Persona.Source);
        Assert.Equal(Maturity.Junior, compiled.Persona.Maturity);

        // tickets.get is granted by no tool and there is no catalog: the builder warns at the workflow step's position.
        var warning = Assert.Single(policy.Warnings, w => w.Field == "workflows[0][0]");
        Assert.Equal((path, 28, 6), (warning.File, warning.Line, warning.Column));
    }

    [Fact]
    public void AddPersonaFile_JsonEquivalent_BuildsThePolicy()
    {
        var policy = new PolicyBuilder().AddPersonaFile(PolicyTestFiles.Fixture("support-triage.json")).Build();

        Assert.True(policy.TryGetPersona("support-triage", out var compiled));
        Assert.Equal(3, compiled.Persona.Tools.Count);
    }

    [Fact]
    public void AddPersonaFile_WithCatalogAndUsers_IntersectsPersonaAndUser()
    {
        var policy = new PolicyBuilder()
            .AddPersonaFile(PolicyTestFiles.Fixture("support-triage.yaml"))
            .AddCatalogFile(PolicyTestFiles.Fixture("catalog.yaml"))
            .AddUsersFile(PolicyTestFiles.Fixture("users.yaml"))
            .Build();

        var tool = policy.Catalog["crm.get_customer"];
        Assert.Equal(["crm.read"], tool.Capabilities);
        Assert.True(tool.Sensitive);
        Assert.True(policy.HasUserEntitlements);
        Assert.True(policy.IsUserEntitled("alice", "crm.get_customer"));
        Assert.False(policy.IsUserEntitled("mallory", "crm.get_customer"));
    }

    [Fact]
    public void AddUsersFile_EmptyUsersMapping_NobodyIsEntitled()
    {
        var users = _files.Write("users.yaml", "users: {}\n");

        var policy = new PolicyBuilder().AddPersonaFile(PolicyTestFiles.Fixture("support-triage.yaml")).AddUsersFile(users).Build();

        Assert.True(policy.HasUserEntitlements);
        Assert.False(policy.IsUserEntitled("alice", "crm.get_customer"));
    }

    [Fact]
    public void AddPersonaFile_InvalidRegex_IsLocatedAtThePattern()
    {
        var path = _files.Write("p.yaml", "persona: p\n" + Minimal + "tools:\n  - name: crm.get\n    args:\n      id: { pattern: \"^C[0-9\" }\n");

        var error = Assert.Single(BuildFails(new PolicyBuilder().AddPersonaFile(path)).Errors, e => e.Severity == PolicySeverity.Error);

        Assert.Equal((path, 7, 13, "tools[0].args.id.pattern"), (error.File, error.Line, error.Column, error.Field));
        Assert.StartsWith("invalid regular expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPersonaFile_DuplicatePersonaIdAcrossFiles_IsLocatedInTheSecondFile()
    {
        var first = _files.Write("a.yaml", "persona: same\n" + Minimal);
        var second = _files.Write("b.yaml", "# copy\n\npersona: same\n" + Minimal);

        var ex = BuildFails(new PolicyBuilder().AddPersonaFile(first).AddPersonaFile(second));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((second, 3, 1, "persona"), (error.File, error.Line, error.Column, error.Field));
        Assert.Contains(first, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{second}:3:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPersonaFile_DuplicatePersonaIdInOneMultiDocumentFile_IsLocatedAtTheSecondDocument()
    {
        var path = _files.Write("p.yaml", "persona: twin\n" + Minimal + "---\npersona: twin\n" + Minimal);

        var error = Assert.Single(BuildFails(new PolicyBuilder().AddPersonaFile(path)).Errors);

        Assert.Equal((5, "persona"), (error.Line, error.Field));
    }

    [Fact]
    public void AddPersonaFile_InvalidIdAndThresholdOrder_AreLocatedByTheBuilder()
    {
        var path = _files.Write("p.yaml", "persona: Support Triage\n" + Minimal + "behavior:\n  alert_at: 50\n  approval_at: 60\n  halt_at: 10\n");

        var errors = BuildFails(new PolicyBuilder().AddPersonaFile(path)).Errors;

        Assert.Contains(errors, e => e is { Field: "persona", Line: 1 });
        Assert.Contains(errors, e => e is { Field: "behavior.halt_at", Line: 7, Column: 3 });
    }

    [Fact]
    public void AddPersonaFile_StructuralError_FailsTheBuildWithFileLineAndField()
    {
        var path = _files.Write("p.yaml", "persona: p\n" + Minimal + "maturity: boss\n");

        var ex = BuildFails(new PolicyBuilder().AddPersonaFile(path));

        Assert.Contains($"{path}:4:11: error: maturity: maturity must be one of intern, junior, senior, principal, not 'boss'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPersonaFile_FileOverOneMegabyte_IsRefusedBeforeReading()
    {
        var path = _files.Write("big.yaml", "persona: p\n" + Minimal + "# " + new string('x', (int)PolicyFileReader.MaxFileBytes));

        var error = Assert.Single(BuildFails(new PolicyBuilder().AddPersonaFile(path)).Errors);

        Assert.Equal(path, error.File);
        Assert.Contains("larger than 1 MB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPersonaFile_MissingFile_IsAnErrorNotAnException()
    {
        var error = Assert.Single(BuildFails(new PolicyBuilder().AddPersonaFile(Path.Combine(_files.Directory, "none.yaml"))).Errors);

        Assert.StartsWith("cannot read file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPersonasFromDirectory_ReadsYamlYmlAndJson_NotOtherFilesNorSubdirectories()
    {
        _files.Write("a.yaml", "persona: a\n" + Minimal);
        _files.Write("b.yml", "persona: b\n" + Minimal + "---\npersona: b2\n" + Minimal);
        _files.Write("c.json", "{ \"persona\": \"c\", \"description\": \"d\", \"owner\": \"o\" }");
        _files.Write("README.md", "not: [a persona");
        _files.Write("notes.txt", "persona: ignored\n");
        _files.Write("nested/d.yaml", "persona: d\n" + Minimal);

        var policy = new PolicyBuilder().AddPersonasFromDirectory(_files.Directory).Build();

        Assert.Equal(["a", "b", "b2", "c"], policy.Personas.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.All(policy.Personas, p => Assert.StartsWith(_files.Directory, p.Source, StringComparison.Ordinal));
    }

    [Fact]
    public void AddPersonasFromDirectory_ReportsTheErrorsOfEveryFile()
    {
        var good = _files.Write("a.yaml", "persona: a\n" + Minimal);
        var badYaml = _files.Write("b.yaml", "persona: b\n" + Minimal + "colour: red\n");
        var badJson = _files.Write("c.json", "{ \"persona\": \"c\", }");

        var errors = BuildFails(new PolicyBuilder().AddPersonasFromDirectory(_files.Directory)).Errors;

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e is { Field: "colour", Line: 4 } && e.File == badYaml);
        Assert.Contains(errors, e => e.File == badJson && e.Message.StartsWith("JSON syntax error", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.File == good);
    }

    [Fact]
    public void AddPersonasFromDirectory_EmptyOrMissingDirectory_IsAnError()
    {
        var empty = Assert.Single(BuildFails(new PolicyBuilder().AddPersonasFromDirectory(_files.Directory)).Errors);
        var missing = Assert.Single(BuildFails(new PolicyBuilder().AddPersonasFromDirectory(Path.Combine(_files.Directory, "nope"))).Errors);

        Assert.Contains("no persona files", empty.Message, StringComparison.Ordinal);
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCatalogFile_DuplicateToolName_IsLocatedAtTheSecondEntry()
    {
        var catalog = _files.Write("catalog.yaml", "tools:\n  - name: a\n  - name: b\n  - name: a\n    risk: high\n");

        var error = Assert.Single(BuildFails(new PolicyBuilder().AddCatalogFile(catalog)).Errors);

        Assert.Equal((catalog, 4, 5, "tools[2].name"), (error.File, error.Line, error.Column, error.Field));
    }

    [Fact]
    public void AddUsersFile_PatternMatchingNoCatalogTool_WarnsAtTheUsersLine()
    {
        var users = _files.Write("users.yaml", "users:\n  alice:\n    tools: [crm.get_customer, billing.*]\n");

        var policy = new PolicyBuilder()
            .AddPersonaFile(PolicyTestFiles.Fixture("support-triage.yaml"))
            .AddCatalogFile(PolicyTestFiles.Fixture("catalog.yaml"))
            .AddUsersFile(users)
            .Build();

        var warning = Assert.Single(policy.Warnings, w => w.Field.StartsWith("users.", StringComparison.Ordinal));
        Assert.Equal((users, 3, 31, "users.alice.tools[1]"), (warning.File, warning.Line, warning.Column, warning.Field));
    }
}
