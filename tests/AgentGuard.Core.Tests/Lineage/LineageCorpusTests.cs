using System.Globalization;
using AgentGuard.Core.Tests.Behavior.Traces;

namespace AgentGuard.Core.Tests.Lineage;

/// <summary>The lineage traces of the corpus (<c>tests/traces/{benign,attack}/*-lineage-*.jsonl</c>, also replayed by
/// <see cref="TraceCorpusTests"/>): the figures the lineage issue asks for.</summary>
public sealed class LineageCorpusTests
{
    private static readonly Lazy<GuardPolicy> s_policy = new(static () => CorpusReplay.LoadPolicy(TraceCorpusTests.TracesDirectory));

    [Fact]
    public async Task LineageTraces_Replayed_StopEveryInjectedCallAndNeedApprovalOnlyWherePointedAt()
    {
        var benign = await ReplayAsync("benign");
        var attacks = await ReplayAsync("attack");

        // Injected calls: the outward calls of attack traces that carry a planted value (every call after the read that
        // planted it, which the traces mark with an expect other than allow, or the principal's scored sends).
        var injected = attacks.Where(static r => IsOutward(r.Tool)).ToList();
        var stopped = injected.Count(static r => r.Outcome is "approval" or "deny" or "halt");
        var benignOutward = benign.Where(static r => IsOutward(r.Tool)).ToList();
        var benignApproval = benignOutward.Count(static r => r.Outcome is "approval" or "deny" or "halt");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"injected outward calls {injected.Count}, stopped {stopped} ({100.0 * stopped / injected.Count:0}%); benign outward calls {benignOutward.Count}, needed approval {benignApproval} ({100.0 * benignApproval / benignOutward.Count:0}%); all benign calls {benign.Count}"));
        foreach (var row in benign.Concat(attacks))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{row.Line,3} {row.Session,-4} {row.Tool,-22} {row.Outcome,-8} exp={row.Expect} {row.Reasons}");
        }

        Assert.All(benign.Concat(attacks), static r => Assert.True(r.Met, $"{r.Session} line {r.Line}: expected {r.Expect}, got {r.Outcome} ({r.Reasons})"));
        Assert.True(injected.Count >= 10);
        Assert.DoesNotContain(benign, static r => r.Outcome is "deny" or "halt");
        Assert.All(attacks.Where(static r => r.Outcome == "approval"), static r => Assert.Contains("lineage", r.Reasons, StringComparison.Ordinal));
    }

    private static bool IsOutward(string tool) => tool is "email.send" or "http.post" or "files.share" or "payments.send";

    private static async Task<List<TraceRow>> ReplayAsync(string kind)
    {
        var rows = new List<TraceRow>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TraceCorpusTests.TracesDirectory, kind), "*-lineage-*.jsonl").Order(StringComparer.Ordinal))
        {
            rows.AddRange(await CorpusReplay.ReplayAsync(file, s_policy.Value, TestContext.Current.CancellationToken));
        }

        return rows;
    }
}
