using System.Text.Json;

namespace AgentGuard.Cli.Tests;

public sealed class ReplayCommandTests
{
    private static string Personas => Path.Combine(CliRunner.Samples, "personas");

    private static string Catalog => Path.Combine(CliRunner.Samples, "catalog.yaml");

    private static string Users => Path.Combine(CliRunner.Samples, "users.yaml");

    private static Task<(int Exit, string Out, string Err)> Replay(string trace, params string[] extra) =>
        CliRunner.RunAsync(["replay", trace, "--personas", Personas, "--catalog", Catalog, "--users", Users, .. extra]);

    [Fact]
    public async Task Replay_AllExpectationsMet_ExitsZero()
    {
        var (exit, stdout, stderr) = await Replay(Path.Combine(CliRunner.TestData, "traces", "foundation.jsonl"));
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("expectations met", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_UnmetExpectation_ExitsOne()
    {
        var trace = CliRunner.WriteTemp("t.jsonl", """
            {"session":"s1","user":"alice","persona":"support-triage","tool":"crm.delete_customer","args":{},"expect":"allow"}
            """);
        var (exit, stdout, _) = await Replay(trace);
        Assert.Equal(1, exit);
        Assert.Contains("line 1 expected allow got deny", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_Json_OneObjectPerCallWithRequiredFields()
    {
        var (exit, stdout, _) = await Replay(Path.Combine(CliRunner.TestData, "traces", "foundation.jsonl"), "--json");
        Assert.Equal(0, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            Assert.Equal(JsonValueKind.Number, root.GetProperty("line").ValueKind);
            Assert.Equal(JsonValueKind.String, root.GetProperty("session").ValueKind);
            Assert.Equal(JsonValueKind.String, root.GetProperty("tool").ValueKind);
            Assert.Contains(root.GetProperty("outcome").GetString(), (string[])["allow", "redact", "approval", "deny", "halt"]);
            Assert.Equal(JsonValueKind.Number, root.GetProperty("score").ValueKind);
            Assert.Equal(JsonValueKind.Array, root.GetProperty("reasons").ValueKind);
        }
    }

    [Fact]
    public async Task Replay_BadTraceLine_ExitsTwoWithLine()
    {
        var trace = CliRunner.WriteTemp("t.jsonl", "{\"session\":\"s1\",\"user\":\"alice\",\"persona\":\"support-triage\",\"tool\":\"tickets.get\",\"args\":{}}\n{oops}\n");
        var (exit, _, stderr) = await Replay(trace);
        Assert.Equal(2, exit);
        Assert.Contains($"{trace}:2", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_BadPersonaDirectory_ExitsTwo()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("replay", Path.Combine(CliRunner.TestData, "traces", "foundation.jsonl"), "--personas", "/nonexistent");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_MissingPersonasOption_ExitsTwo()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("replay", Path.Combine(CliRunner.TestData, "traces", "foundation.jsonl"));
        Assert.Equal(2, exit);
        Assert.Contains("--personas", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExitsTwo()
    {
        var (exit, _, _) = await CliRunner.RunAsync("replay", "t.jsonl", "--personas", "p", "--bogus");
        Assert.Equal(2, exit);
    }
}
