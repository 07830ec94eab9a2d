namespace AgentGuard.Core.Tests.Behavior;

public sealed class BehaviorBarrierTests
{
    private const string Denied = """{"repo":"contoso/app","path":"secrets/prod.env"}""";

    [Fact]
    public void Barrier_IncidentVariationsHoursApart_HaltsWithinFiveAttemptsAfterTheDenial()
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied("contoso/app/secrets/prod.env"));
        string[] attempts =
        [
            """{"repo":"contoso/app","path":"secrets/prod.env","ref":"3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f21"}""",
            """{"repo":"contoso/app","path":"secrets/prod.env.bak"}""",
            """{"repo":"contoso/app","path":"secret/prod.env"}""",
            """{"repo":"contoso/app","path":"secrets/prod.env~"}""",
            """{"repo":"contoso/app","path":"secrets/prod_env"}""",
        ];
        var haltedAt = -1;
        for (var i = 0; i < attempts.Length && haltedAt < 0; i++)
        {
            h.Clock.Advance(TimeSpan.FromHours(7)); // far beyond the half-life: only remembered evidence counts
            var (call, _) = h.Run("repo.read_file", attempts[i], BehaviorHarness.NotFound());
            if (call.Verdict == GuardVerdict.Halt)
            {
                haltedAt = i + 1;
            }
        }

        Assert.InRange(haltedAt, 1, 5);
        Assert.Equal(GuardVerdict.Halt, h.Call("repo.read_file", """{"repo":"contoso/app","path":"README.md"}""").Verdict);
    }

    [Fact]
    public void Barrier_OneDenialThenOtherWork_NeverAlerts()
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied("contoso/app/secrets/prod.env"));
        for (var i = 0; i < 200; i++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(3));
            var (call, result) = h.Run("repo.read_file", $$"""{"repo":"contoso/app","path":"src/Module{{i}}/Service{{i}}.cs"}""", BehaviorHarness.Ok("// code", 1));
            Assert.Equal(GuardVerdict.Allow, call.Verdict);
            Assert.DoesNotContain(call.RuleIds, static r => r.StartsWith("behavior.", StringComparison.Ordinal));
            Assert.Equal(GuardVerdict.Allow, result!.Verdict);
        }

        Assert.True(h.Score() < 5);
    }

    [Fact]
    public void Barrier_SameTargetRetried_AddsRememberedEvidenceThatDoesNotDecay()
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied());
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        var (call, _) = h.Run("repo.read_file", Denied, BehaviorHarness.Denied());
        Assert.Contains("behavior.barrier.retry", call.RuleIds);

        h.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(h.Options.Weights.BarrierRetry, h.Score(), 1);
    }

    [Fact]
    public void Barrier_NoAttemptForLongerThanTheMemory_IsForgotten()
    {
        var h = BehaviorHarness.Create(new BehaviorOptions { BarrierMemory = TimeSpan.FromDays(1) });
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied());
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied());
        h.Clock.Advance(TimeSpan.FromDays(1.5));

        var call = h.Call("repo.read_file", Denied);

        Assert.DoesNotContain(call.RuleIds, static r => r.StartsWith("behavior.barrier", StringComparison.Ordinal));
        Assert.Empty(h.Snapshot().Barriers);
    }

    [Theory]
    [InlineData("secrets/../secrets/prod.env")]
    [InlineData("./secrets/prod.env")]
    [InlineData("secrets%2Fprod.env")]
    [InlineData("secrets%252Fprod.env")]
    [InlineData("secrets\\prod.env")]
    [InlineData("src/../../app/../app/secrets/prod.env")]
    public void Barrier_PathTrickToTheDeniedFile_IsRecognisedAsTheSameTarget(string path)
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied());

        var call = h.Call("repo.read_file", $$"""{"repo":"contoso/app","path":"{{path.Replace("\\", "\\\\", StringComparison.Ordinal)}}"}""");

        Assert.Contains("behavior.barrier.path_trick", call.RuleIds);
    }

    [Theory]
    [InlineData("SECRETS/PROD.ENV")]
    [InlineData("secrets/prod\u200B.env")]
    [InlineData("secrets//prod.env")]
    [InlineData("/secrets/prod.env/")]
    public void Barrier_SpellingOfTheDeniedFile_IsTheSameTarget(string path)
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied());

        var call = h.Call("repo.read_file", $$"""{"repo":"contoso/app","path":"{{path}}"}""");

        Assert.Contains(call.RuleIds, static r => r is "behavior.barrier.retry" or "behavior.barrier.path_trick");
    }

    [Theory]
    [InlineData("secrets/prod.env.bak")]
    [InlineData("secrets/prod.env.old")]
    [InlineData("secret/prod.env")]
    [InlineData("secrets/prod.enc")]
    [InlineData("config/prod.env")]
    public void Barrier_GuessedNameVariation_Scores(string path)
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied());

        var (call, _) = h.Run("repo.read_file", $$"""{"repo":"contoso/app","path":"{{path}}"}""", BehaviorHarness.NotFound());

        Assert.Contains("behavior.barrier.variation", call.RuleIds);
        Assert.Equal(h.Options.Weights.BackendDenied + h.Options.Weights.BarrierVariation, h.Score(), 1);
    }

    [Theory]
    [InlineData("src/Program.cs")]
    [InlineData("secrets")]
    [InlineData("README.md")]
    [InlineData("docs/prod-deployment.md")]
    public void Barrier_UnrelatedOrParentPath_DoesNotScore(string path)
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied());

        var call = h.Call("repo.read_file", $$"""{"repo":"contoso/app","path":"{{path}}"}""");

        Assert.DoesNotContain(call.RuleIds, static r => r.StartsWith("behavior.barrier", StringComparison.Ordinal));
    }

    [Fact]
    public void Barrier_OtherToolOnTheDeniedResource_Scores()
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied("contoso/app/secrets/prod.env"));

        var blob = h.Call("repo.get_blob", """{"repo":"contoso/app","path":"secrets/prod.env"}""");
        var search = h.Call("repo.search_code", """{"repo":"contoso/app","query":"https://git.contoso.example/contoso/app/raw/main/secrets/prod.env"}""");

        Assert.Contains("behavior.barrier.other_tool", blob.RuleIds);
        Assert.Contains("behavior.barrier.other_tool", search.RuleIds);
    }

    [Fact]
    public void Barrier_ShaVariations_AreRecognised_WhileOtherShasAreNot()
    {
        const string Sha = "39c027e2d5065c0e693c55228368a082b9de0fba";
        var h = BehaviorHarness.Create();
        h.Run("repo.get_commit", $$"""{"repo":"contoso/app","sha":"{{Sha}}"}""", BehaviorHarness.Denied());

        var abbreviated = h.Call("repo.get_commit", $$"""{"repo":"contoso/app","sha":"{{Sha[..12]}}"}""");
        var longer = h.Call("repo.get_commit", $$"""{"repo":"contoso/app","sha":"{{Sha}}0"}""");
        var altered = h.Call("repo.get_commit", $$"""{"repo":"contoso/app","sha":"{{Sha[..20]}}x{{Sha[21..]}}"}""");
        var other = h.Call("repo.get_commit", """{"repo":"contoso/app","sha":"9b1e6f0c2d3a4b5c6d7e8f90a1b2c3d4e5f6a7b8"}""");

        Assert.Contains("behavior.barrier.retry", abbreviated.RuleIds);
        Assert.Contains("behavior.barrier.variation", longer.RuleIds);
        Assert.Contains("behavior.barrier.variation", altered.RuleIds);
        Assert.DoesNotContain(other.RuleIds, static r => r.StartsWith("behavior.barrier", StringComparison.Ordinal));
    }

    [Fact]
    public void Barrier_VariationTheBackendServes_IsRefundedAsOtherWork()
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", """{"repo":"contoso/app","path":"logs/2025-12-03.log"}""", BehaviorHarness.Denied());

        var (call, result) = h.Run("repo.read_file", """{"repo":"contoso/app","path":"logs/2025-12-04.log"}""", BehaviorHarness.Ok("log", 1));

        Assert.Contains("behavior.barrier.variation", call.RuleIds);
        Assert.Contains("behavior.barrier.cleared", result!.RuleIds);
        Assert.Equal(h.Options.Weights.BackendDenied, h.Score(), 1);
    }

    [Fact]
    public void Barrier_PathTrickTheBackendServes_IsNotRefunded()
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied());

        var (_, result) = h.Run("repo.read_file", """{"repo":"contoso/app","path":"secrets/../secrets/prod.env"}""", BehaviorHarness.Ok("DB_PASSWORD=…", 1));

        Assert.DoesNotContain("behavior.barrier.cleared", result!.RuleIds);
        Assert.Equal(h.Options.Weights.BackendDenied + h.Options.Weights.BarrierPathTrick, h.Score(), 1);
    }

    [Fact]
    public void Barrier_ToolRefusedByScopeRetriedHoursApart_HaltsWithinFiveAttempts()
    {
        var h = BehaviorHarness.Create();
        var verdicts = new List<GuardVerdict>();
        foreach (var branch in new[] { "main", "master", "refs/heads/main", "origin/main", "main~1" })
        {
            verdicts.Add(h.Call("repo.force_push", $$"""{"repo":"contoso/app","branch":"{{branch}}"}""").Verdict);
            h.Clock.Advance(TimeSpan.FromHours(5));
        }

        Assert.Equal(GuardVerdict.Deny, verdicts[0]);
        Assert.Contains(GuardVerdict.Halt, verdicts);
    }

    [Fact]
    public void Barrier_ToolRefusedByScopeRetriedInQuickSuccession_HaltsOnTheThirdAttempt()
    {
        var h = BehaviorHarness.Create();
        var verdicts = new List<GuardVerdict>();
        foreach (var branch in new[] { "main", "master", "refs/heads/main" })
        {
            verdicts.Add(h.Call("repo.force_push", $$"""{"repo":"contoso/app","branch":"{{branch}}"}""").Verdict);
            h.Clock.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Equal([GuardVerdict.Deny, GuardVerdict.Deny, GuardVerdict.Halt], verdicts);
    }

    [Fact]
    public void Barrier_ValuesOfADlpBlockedCall_AreNeverRemembered()
    {
        var h = BehaviorHarness.Create(checks: [new DenyingCheck("dlp.block")]);

        h.Call("repo.search_code", """{"repo":"contoso/app","query":"AKIAIOSFODNN7EXAMPLE"}""");

        var state = System.Text.Encoding.UTF8.GetString(h.Snapshot().Serialize());
        Assert.DoesNotContain("akiaiosfodnn7example", state, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("behavior.dlp_block", h.Call("repo.list_files", """{"repo":"contoso/app"}""").RuleIds);
    }

    [Fact]
    public void Barrier_ArgumentDenialRetriedIdentically_IsABarrierRetry()
    {
        var h = BehaviorHarness.Create(checks: [new DenyingCheck("args.pattern")]);

        h.Call("repo.read_file", Denied);
        var second = h.Call("repo.read_file", Denied);

        Assert.Contains("behavior.argument_violation", second.RuleIds);
        Assert.Contains("behavior.barrier.retry", second.RuleIds);
    }

    [Fact]
    public void Barrier_Explanation_NamesAttemptTargetRuleAndWeight()
    {
        var h = BehaviorHarness.Create();
        h.Run("repo.read_file", Denied, BehaviorHarness.Denied());
        h.Clock.Advance(TimeSpan.FromHours(3));

        var call = h.Call("repo.read_file", """{"repo":"contoso/app","path":"./secrets/prod.env"}""");

        var reason = call.Reasons[call.RuleIds.ToList().IndexOf("behavior.barrier.path_trick")];
        Assert.Contains("attempt 1 on 'secrets/prod.env'", reason, StringComparison.Ordinal);
        Assert.Contains("3 h ago", reason, StringComparison.Ordinal);
        Assert.Contains("backend.denied", reason, StringComparison.Ordinal);
        Assert.Contains("+35", reason, StringComparison.Ordinal);
    }

    /// <summary>Denies every call with one rule, standing in for a stage this suite does not build (DLP, constraints).</summary>
    private sealed class DenyingCheck(string rule) : IGuardCheck
    {
        public string Name => "deny-all";

        public int Order => GuardCheckOrder.Dlp;

        public bool RunsAfterDenial => false;

        public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
        {
            context.Deny(rule, "refused by the test stage");
            return default;
        }
    }
}
