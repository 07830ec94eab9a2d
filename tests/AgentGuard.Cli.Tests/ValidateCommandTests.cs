namespace AgentGuard.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_SamplePolicy_ExitsZeroAndListsPersonas()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("validate", CliRunner.Samples);
        Assert.True(exit == 0, stderr);
        Assert.Contains("support-triage", stdout, StringComparison.Ordinal);
        Assert.Contains("repo-analyst", stdout, StringComparison.Ordinal);
        Assert.Contains("inbox-assistant", stdout, StringComparison.Ordinal);
        Assert.Contains("valid: 4 persona(s)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BadPersona_ExitsTwoNamingFileLineAndField()
    {
        var path = CliRunner.WriteTemp("bad.yaml", """
            persona: bad-one
            description: x
            owner: me@contoso.example
            tools:
              - name: crm.get_customer
                args:
                  customer_id: { pattern: "^C[0-9{6}$" }
            """);
        var (exit, _, stderr) = await CliRunner.RunAsync("validate", path);
        Assert.Equal(2, exit);
        Assert.Contains($"{path}:7", stderr, StringComparison.Ordinal);
        Assert.Contains("tools[0].args.customer_id.pattern", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingPath_ExitsTwo()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("validate", "/nonexistent/personas");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/personas", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_DuplicatePersonaIds_ExitsTwo()
    {
        var a = CliRunner.WriteTemp("a.yaml", "persona: twin\ndescription: a\nowner: o\n");
        var b = CliRunner.WriteTemp("b.yaml", "persona: twin\ndescription: b\nowner: o\n");
        var (exit, _, stderr) = await CliRunner.RunAsync("validate", a, b);
        Assert.Equal(2, exit);
        Assert.Contains("duplicate persona id 'twin'", stderr, StringComparison.Ordinal);
    }
}
