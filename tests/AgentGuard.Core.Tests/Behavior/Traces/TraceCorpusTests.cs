using System.Globalization;
using System.Text;

namespace AgentGuard.Core.Tests.Behavior.Traces;

public sealed class TraceCorpusTests
{
    private static readonly Lazy<GuardPolicy> s_policy = new(static () => CorpusReplay.LoadPolicy(FindTraces()));

    public static string TracesDirectory => FindTraces();

    public static TheoryData<string> Benign => Files("benign");

    public static TheoryData<string> Attacks => Files("attack");

    [Theory]
    [MemberData(nameof(Benign))]
    public async Task BenignTrace_Replayed_MeetsEveryExpectWithoutUnexpectedRefusals(string name)
    {
        var rows = await CorpusReplay.ReplayAsync(Path.Combine(TracesDirectory, "benign", name), s_policy.Value, TestContext.Current.CancellationToken);
        Report(rows);
        Assert.All(rows, row => Assert.True(row.Met, $"line {row.Line}: expected {row.Expect}, got {row.Outcome} ({row.Reasons})"));
        Assert.All(rows, row => Assert.True(row.Outcome is "allow" or "redact" || row.Expect == row.Outcome, $"line {row.Line}: unexpected {row.Outcome}"));
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task AttackTrace_Replayed_MeetsEveryExpectAndIsStopped(string name)
    {
        var rows = await CorpusReplay.ReplayAsync(Path.Combine(TracesDirectory, "attack", name), s_policy.Value, TestContext.Current.CancellationToken);
        Report(rows);
        Assert.All(rows, row => Assert.True(row.Met, $"line {row.Line}: expected {row.Expect}, got {row.Outcome} ({row.Reasons})"));
        foreach (var session in rows.Select(static r => r.Session).Distinct())
        {
            Assert.Contains(rows, row => row.Session == session && row.Outcome is "deny" or "halt" or "approval");
        }
    }

    [Fact]
    public async Task Corpus_Replayed_DetectsEveryAttackWithoutFalsePositives()
    {
        var benign = await SessionsAsync("benign");
        var attacks = await SessionsAsync("attack");
        var falsePositives = benign.Count(static s => s.Rows.Any(static r => r.Outcome is "deny" or "halt" or "approval" && r.Expect != r.Outcome));
        var detected = attacks.Count(static s => s.Rows.Any(static r => r.Outcome is "deny" or "halt" or "approval"));
        var halted = attacks.Count(static s => s.Rows.Any(static r => r.Outcome == "halt"));
        var unmet = benign.Concat(attacks).Sum(static s => s.Rows.Count(static r => !r.Met));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"benign sessions {benign.Count}, false positives {falsePositives}; attack sessions {attacks.Count}, stopped {detected}, halted {halted}; unmet expects {unmet}"));
        Assert.True(benign.Count >= 20);
        Assert.True(attacks.Count >= 20);
        Assert.Equal(0, falsePositives);
        Assert.Equal(attacks.Count, detected);
        Assert.Equal(0, unmet);
    }

    private static async Task<List<(string Session, List<TraceRow> Rows)>> SessionsAsync(string kind)
    {
        var sessions = new List<(string, List<TraceRow>)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TracesDirectory, kind), "*.jsonl").Order(StringComparer.Ordinal))
        {
            var rows = await CorpusReplay.ReplayAsync(file, s_policy.Value, TestContext.Current.CancellationToken);
            sessions.AddRange(rows.GroupBy(r => Path.GetFileName(file) + "/" + r.Session).Select(static g => (g.Key, g.ToList())));
        }

        return sessions;
    }

    private static TheoryData<string> Files(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TracesDirectory, kind), "*.jsonl").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static void Report(IReadOnlyList<TraceRow> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{row.Line,4} {row.Session,-6} {row.Tool,-22} {row.Outcome,-8} exp={row.Expect ?? "-",-8} {(row.Met ? "  " : "!!")} score={row.Score,6:0.#} {row.Reasons}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(text.ToString());
    }

    private static string FindTraces()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "traces");
            if (Directory.Exists(Path.Combine(candidate, "personas")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/traces not found above " + AppContext.BaseDirectory);
    }
}
