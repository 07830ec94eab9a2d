namespace AgentGuard.Core.Tests.Behavior;

public sealed class BehaviorEnvelopeTests
{
    private static BehaviorHarness Reconciler()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "reconciler";
        return h;
    }

    [Fact]
    public void RecordsPerCall_Breach_WithholdsTheResultWithTheReason()
    {
        var h = Reconciler();

        var (call, result) = h.Run("crm.search_customers", """{"query":"segment:retail"}""", BehaviorHarness.Ok("[12000 rows]", 12000));

        Assert.Equal(GuardVerdict.Allow, call.Verdict);
        Assert.Equal(GuardVerdict.Deny, result!.Verdict);
        Assert.Contains("behavior.envelope.records_per_call", result.RuleIds);
        Assert.StartsWith("withheld by AgentGuard", result.RedactedResult!.GetContentText(), StringComparison.Ordinal);
        Assert.DoesNotContain("12000 rows", result.RedactedResult.GetContentText(), StringComparison.Ordinal);
    }

    [Fact]
    public void RecordsPerCall_CountedFromAJsonArrayWhenTheToolReportsNoCount()
    {
        var h = Reconciler();
        var rows = "[" + string.Join(",", Enumerable.Range(0, 51).Select(static i => $$"""{"id":{{i}}}""")) + "]";

        var (_, result) = h.Run("ledger.query", """{"account":"A-1"}""", BehaviorHarness.Json(rows));

        Assert.Contains("behavior.envelope.records_per_call", result!.RuleIds);
    }

    [Fact]
    public void BytesPerCall_Breach_WithholdsTheResult()
    {
        var h = Reconciler();

        var (_, result) = h.Run("ledger.query", """{"account":"A-1"}""", BehaviorHarness.Ok(new string('x', 70_000), 1));

        Assert.Contains("behavior.envelope.bytes_per_call", result!.RuleIds);
        Assert.Equal(GuardVerdict.Deny, result.Verdict);
    }

    [Fact]
    public void BytesPerCall_CountsUtf8Bytes()
    {
        var h = Reconciler();

        var (_, result) = h.Run("ledger.query", """{"account":"A-1"}""", BehaviorHarness.Ok(new string('é', 33_000), 1));

        Assert.Contains("behavior.envelope.bytes_per_call", result!.RuleIds);
    }

    [Fact]
    public void RecordsPerHour_PagedExportInsideThePerCallEnvelope_IsStoppedAtTheHourlyEnvelope()
    {
        var h = Reconciler();
        var outcomes = new List<GuardVerdict>();
        for (var page = 1; page <= 12; page++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(10));
            var (call, result) = h.Run("ledger.query", $$"""{"account":"A-1","page":{{page}},"limit":50}""", BehaviorHarness.Ok($"[page {page}]", 50));
            outcomes.Add(result?.Verdict ?? call.Verdict);
        }

        Assert.All(outcomes.Take(10), static v => Assert.Equal(GuardVerdict.Allow, v));
        Assert.All(outcomes.Skip(10), static v => Assert.True(v >= GuardVerdict.Deny));
    }

    [Fact]
    public void RecordsPerHour_SlidesOutAfterAnHour()
    {
        var h = Reconciler();
        for (var i = 0; i < 10; i++)
        {
            h.Run("ledger.query", $$"""{"account":"A-{{i}}"}""", BehaviorHarness.Ok("[rows]", 50));
        }

        h.Clock.Advance(TimeSpan.FromMinutes(61));
        var (_, result) = h.Run("ledger.query", """{"account":"A-1"}""", BehaviorHarness.Ok("[rows]", 50));

        Assert.Equal(GuardVerdict.Allow, result!.Verdict);
    }

    [Fact]
    public void RecordsPerHour_WithheldRecordsDoNotCount()
    {
        var h = Reconciler();
        string[] accounts = ["north", "south", "east", "west", "central", "harbour", "airport", "station", "campus", "market"];
        h.Run("ledger.query", """{"account":"withheld"}""", BehaviorHarness.Ok("[rows]", 400));
        foreach (var account in accounts)
        {
            var (_, result) = h.Run("ledger.query", $$"""{"account":"{{account}}"}""", BehaviorHarness.Ok("[rows]", 50));
            Assert.Equal(GuardVerdict.Allow, result!.Verdict);
        }
    }

    [Fact]
    public void DistinctResourcesPerHour_Breach_WithholdsNewResourcesButNotKnownOnes()
    {
        var persona = BehaviorPersonas.Reconciler with { Id = "narrow", Data = new DataEnvelope { MaxDistinctResourcesPerHour = 5 } };
        var h = BehaviorHarness.Create(personas: [persona]);
        h.Persona = "narrow";
        for (var i = 0; i < 5; i++)
        {
            h.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(GuardVerdict.Allow, h.Run("ledger.get_entry", $$"""{"entry_id":"E-{{i}}"}""", BehaviorHarness.Ok("x", 1, $"ledger/E-{i}")).Result!.Verdict);
        }

        var sixth = h.Run("ledger.get_entry", """{"entry_id":"E-9"}""", BehaviorHarness.Ok("x", 1, "ledger/E-9")).Result!;
        var known = h.Run("ledger.get_entry", """{"entry_id":"E-2"}""", BehaviorHarness.Ok("x", 1, "ledger/E-2")).Result!;
        h.Clock.Advance(TimeSpan.FromMinutes(57));
        var later = h.Run("ledger.get_entry", """{"entry_id":"E-9"}""", BehaviorHarness.Ok("x", 1, "ledger/E-9")).Result!;

        Assert.Contains("behavior.envelope.resources_per_hour", sixth.RuleIds);
        Assert.Equal(GuardVerdict.Deny, sixth.Verdict);
        Assert.DoesNotContain("behavior.envelope.resources_per_hour", known.RuleIds);
        Assert.DoesNotContain("behavior.envelope.resources_per_hour", later.RuleIds);
    }

    [Fact]
    public void Scrape_ManyNewResourcesInFiveMinutes_Scores()
    {
        var h = Reconciler(); // 200 distinct per hour: more than 50 new in five minutes is scraping
        var scored = 0;
        for (var i = 0; i < 60; i++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(2));
            var (_, result) = h.Run("ledger.get_entry", $$"""{"entry_id":"E-{{i * 7919 % 100000}}"}""", BehaviorHarness.Ok("x", 1));
            scored += result?.RuleIds.Contains("behavior.velocity.scrape") == true ? 1 : 0;
        }

        Assert.Equal(10, scored);
    }

    [Fact]
    public void Envelope_RefusedQueryRetried_IsABarrierRetry()
    {
        var h = Reconciler();
        h.Run("crm.search_customers", """{"query":".*","limit":100000}""", BehaviorHarness.Ok("[rows]", 12000));

        var retry = h.Call("crm.search_customers", """{"query":"[\\s\\S]*","limit":50}""");

        Assert.Contains("behavior.barrier.retry", retry.RuleIds);
        Assert.Contains("behavior.unbounded", retry.RuleIds);
    }

    [Fact]
    public void BackendDenial_Scores()
    {
        var h = BehaviorHarness.Create();

        var (_, result) = h.Run("repo.read_file", """{"path":"a/b.cs"}""", BehaviorHarness.Denied("repo/a/b.cs"));

        Assert.Contains("behavior.backend_denied", result!.RuleIds);
        Assert.Equal(GuardVerdict.Allow, result.Verdict);
        Assert.Equal(h.Options.Weights.BackendDenied, result.Score, 1);
    }

    [Fact]
    public void ResultSide_ReachingHaltAt_HaltsAndWithholdsTheResult()
    {
        // Approval at the halt threshold, so the calls keep running until a result crosses it.
        var persona = BehaviorPersonas.Reconciler with { Id = "lenient", Behavior = new BehaviorThresholds { ApprovalAt = 100, HaltAt = 100 } };
        var h = BehaviorHarness.Create(personas: [persona]);
        h.Persona = "lenient";
        var verdicts = new List<GuardVerdict>();
        GuardDecision? last = null;
        foreach (var account in new[] { "north", "south", "east", "west" })
        {
            var (call, result) = h.Run("ledger.query", $$"""{"account":"{{account}}"}""", BehaviorHarness.Ok("[rows]", 5000));
            verdicts.Add(call.Verdict);
            last = result;
        }

        Assert.All(verdicts, static v => Assert.Equal(GuardVerdict.Allow, v));
        Assert.Equal(GuardVerdict.Halt, last!.Verdict);
        Assert.StartsWith("withheld by AgentGuard", last.RedactedResult!.GetContentText(), StringComparison.Ordinal);
        Assert.Equal(GuardVerdict.Halt, h.Call("ledger.query", """{"account":"B"}""").Verdict);
    }

    [Fact]
    public void NoDataEnvelope_NothingIsWithheld()
    {
        var h = BehaviorHarness.Create(); // repo-analyst declares no data envelope

        var (_, result) = h.Run("repo.list_files", """{"repo":"a"}""", BehaviorHarness.Ok(new string('x', 100_000), 100_000));

        Assert.Equal(GuardVerdict.Allow, result!.Verdict);
    }
}
