using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace AgentGuard.Cli.Tests;

/// <summary>The audit verbs. One test kills a real CLI process while it writes a trail; the class runs alone (not beside
/// other tests), since that child burns CPU and on a loaded machine would starve other tests' regex timeouts into
/// fail-closed denials.</summary>
[Collection(nameof(AuditCommandTests))]
[CollectionDefinition(nameof(AuditCommandTests), DisableParallelization = true)]
public sealed class AuditCommandTests
{
    private static string Personas => Path.Combine(CliRunner.Samples, "personas");

    private static string Catalog => Path.Combine(CliRunner.Samples, "catalog.yaml");

    private static string Users => Path.Combine(CliRunner.Samples, "users.yaml");

    private static string Foundation => Path.Combine(CliRunner.TestData, "traces", "foundation.jsonl");

    private static string[] AuditFiles(string dir) => [.. Directory.EnumerateFiles(dir, "*.jsonl").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Verify_TrailWrittenByReplay_ExitsZeroSealed()
    {
        var (dir, _) = await ReplayWithAuditAsync();
        var (exit, stdout, stderr) = await CliRunner.RunAsync("audit", "verify", dir, "--require-seal");
        Assert.True(exit == 0, stdout + stderr);
        Assert.StartsWith("ok: ", stdout, StringComparison.Ordinal);
        Assert.Contains("sealed; head ", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task Verify_EditedRecord_ExitsOneAtThatLine()
    {
        var (dir, _) = await ReplayWithAuditAsync();
        var file = Assert.Single(AuditFiles(dir));
        var lines = File.ReadAllLines(file);
        var target = Array.FindIndex(lines, static l => l.Contains("\"verdict\":\"deny\"", StringComparison.Ordinal));
        lines[target] = lines[target].Replace("\"verdict\":\"deny\"", "\"verdict\":\"allow\"", StringComparison.Ordinal);
        File.WriteAllLines(file, lines);

        var (exit, stdout, _) = await CliRunner.RunAsync("audit", "verify", file);
        Assert.Equal(1, exit);
        Assert.Contains($"{file}:{target + 1}: modified: ", stdout, StringComparison.Ordinal);
        Assert.Contains("broken: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DeletedRecord_Json_ReportsMissingSequence()
    {
        var (dir, _) = await ReplayWithAuditAsync();
        var file = Assert.Single(AuditFiles(dir));
        var lines = File.ReadAllLines(file).ToList();
        lines.RemoveAt(4);
        File.WriteAllLines(file, lines);

        var (exit, stdout, _) = await CliRunner.RunAsync("audit", "verify", file, "--json");
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(stdout);
        var error = doc.RootElement.GetProperty("error");
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("missing", error.GetProperty("kind").GetString());
        Assert.Equal(5, error.GetProperty("sequence").GetInt64());
        Assert.Equal(5, error.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Verify_UnsealedTrail_WarnsButPassesUnlessSealRequired()
    {
        var (dir, _) = await ReplayWithAuditAsync();
        var file = Assert.Single(AuditFiles(dir));
        var lines = File.ReadAllLines(file);
        File.WriteAllLines(file, lines[..^1]);

        var lenient = await CliRunner.RunAsync("audit", "verify", file);
        Assert.Equal(0, lenient.Exit);
        Assert.Contains("unsealed", lenient.Err, StringComparison.Ordinal);
        Assert.Contains("not sealed", lenient.Out, StringComparison.Ordinal);

        var strict = await CliRunner.RunAsync("audit", "verify", file, "--require-seal");
        Assert.Equal(1, strict.Exit);
        Assert.Contains($":{lines.Length - 1}: unsealed: ", strict.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NoSuchFile_ExitsTwo()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("audit", "verify", Path.Combine(TempDirectory(), "missing.jsonl"));
        Assert.Equal(2, exit);
        Assert.Contains("no such audit file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ByVerdictSessionAndTime()
    {
        var (_, db) = await ReplayWithAuditAsync();
        var all = await CliRunner.RunAsync("audit", "query", "--db", db, "--json");
        Assert.Equal(0, all.Exit);
        var records = all.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        Assert.True(records.Length >= 5);

        var denies = await CliRunner.RunAsync("audit", "query", "--db", db, "--verdict", "deny", "--json");
        var denied = denies.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        Assert.NotEmpty(denied);
        Assert.All(denied, static r => Assert.Equal("deny", r.GetProperty("verdict").GetString()));
        Assert.Equal(records.Count(static r => r.GetProperty("verdict").GetString() == "deny"), denied.Length);

        var session = await CliRunner.RunAsync("audit", "query", "--db", db, "--session", "bad-1");
        Assert.Equal(0, session.Exit);
        Assert.Contains("crm.delete_customer", session.Out, StringComparison.Ordinal);
        Assert.Contains("1 record(s)", session.Out, StringComparison.Ordinal);

        var future = await CliRunner.RunAsync("audit", "query", "--db", db, "--since", "2999-01-01T00:00:00Z");
        Assert.Contains("0 record(s)", future.Out, StringComparison.Ordinal);
        var past = await CliRunner.RunAsync("audit", "query", "--db", db, "--until", "2999-01-01", "--persona", "support-triage", "--limit", "2", "--json");
        Assert.Equal(2, past.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("--verdict", "maybe")]
    [InlineData("--since", "yesterday-ish")]
    public async Task Query_BadFilter_ExitsTwo(string option, string value)
    {
        var (_, db) = await ReplayWithAuditAsync();
        var (exit, _, stderr) = await CliRunner.RunAsync("audit", "query", "--db", db, option, value);
        Assert.Equal(2, exit);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_NoSuchDatabase_ExitsTwo()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("audit", "query", "--db", Path.Combine(TempDirectory(), "none.db"));
        Assert.Equal(2, exit);
        Assert.Contains("no such audit database", stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs the real CLI in a child process on a long trace, kills it while it writes the audit trail, then
    /// checks that the trail verifies up to the last complete record and that the next writer continues the chain.</summary>
    [Fact]
    public async Task Verify_WriterKilledMidWrite_ChainVerifiesAndNextWriterContinuesIt()
    {
        var work = TempDirectory();
        var dir = Path.Combine(work, "audit");
        var trace = Path.Combine(work, "long.jsonl");
        var builder = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            builder.Append("{\"session\":\"s").Append(i % 500).Append("\",\"user\":\"alice\",\"persona\":\"support-triage\",\"tool\":\"")
                .Append(i % 7 == 0 ? "crm.delete_customer" : "tickets.get").Append("\",\"args\":{\"id\":\"T-").Append(i).Append("\"}}\n");
        }

        await File.WriteAllTextAsync(trace, builder.ToString(), TestContext.Current.CancellationToken);

        var cli = Path.Combine(AppContext.BaseDirectory, "agentguard.dll");
        Assert.True(File.Exists(cli), cli);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { cli, "replay", trace, "--personas", Personas, "--catalog", Catalog, "--users", Users, "--json", "--audit", dir })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stdout = child.StandardOutput.BaseStream.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken);
        bool killedWhileWriting;
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!child.HasExited && DateTime.UtcNow < deadline && AuditBytes(dir) < 256 * 1024)
            {
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            killedWhileWriting = !child.HasExited && AuditBytes(dir) >= 256 * 1024;
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await stdout;
        Assert.True(killedWhileWriting, $"the child was not caught writing (exit {child.ExitCode}): {await stderr}");
        Assert.NotEqual(0, child.ExitCode);

        var crashed = await CliRunner.RunAsync("audit", "verify", dir, "--json");
        Assert.True(crashed.Exit == 0, crashed.Out + crashed.Err);
        using (var doc = JsonDocument.Parse(crashed.Out))
        {
            Assert.True(doc.RootElement.GetProperty("records").GetInt64() > 500);
            Assert.False(doc.RootElement.GetProperty("sealed").GetBoolean());
        }

        var crashedFiles = AuditFiles(dir);
        await ReplayWithAuditAsync(dir);
        var next = AuditFiles(dir).Except(crashedFiles).Single();
        using (var anchor = JsonDocument.Parse(File.ReadLines(next).First()))
        {
            Assert.Equal("recover", anchor.RootElement.GetProperty("reason").GetString());
        }

        var resumed = await CliRunner.RunAsync("audit", "verify", dir, "--require-seal");
        Assert.True(resumed.Exit == 0, resumed.Out + resumed.Err);
        Assert.Contains("is not sealed: its writer stopped without shutting down", resumed.Err, StringComparison.Ordinal);
    }

    private static long AuditBytes(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.jsonl").Sum(static f => new FileInfo(f).Length) : 0;

    private static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "agentguard-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static async Task<(string Directory, string Database)> ReplayWithAuditAsync(string? directory = null)
    {
        var dir = directory ?? TempDirectory();
        var db = Path.Combine(TempDirectory(), "audit.db");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("replay", Foundation, "--personas", Personas, "--catalog", Catalog, "--users", Users, "--audit", dir, "--audit-db", db);
        Assert.True(exit == 0, stdout + stderr);
        return (dir, db);
    }
}
