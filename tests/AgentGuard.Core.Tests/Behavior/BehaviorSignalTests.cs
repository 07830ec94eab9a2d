namespace AgentGuard.Core.Tests.Behavior;

public sealed class BehaviorSignalTests
{
    [Fact]
    public void OffPersona_OneAttempt_ScoresWithoutAlert()
    {
        var h = BehaviorHarness.Create();

        var call = h.Call("repo.write_file", """{"repo":"contoso/app","path":"a.cs","content":"x"}""");

        Assert.Equal(GuardVerdict.Deny, call.Verdict);
        Assert.Contains("behavior.off_persona", call.RuleIds);
        Assert.DoesNotContain("behavior.alert", call.RuleIds);
        Assert.Equal(h.Options.Weights.OffPersona, call.Score, 1);
    }

    [Fact]
    public void OffPersona_UserNotEntitled_CountsAsOffPersona()
    {
        var h = BehaviorHarness.Create(users: [new UserEntitlement { UserId = "alice", Tools = ["repo.list_files"] }]);

        var call = h.Call("repo.read_file", """{"repo":"contoso/app","path":"a.cs"}""");

        Assert.Contains("scope.not_entitled", call.RuleIds);
        Assert.Contains("behavior.off_persona", call.RuleIds);
    }

    [Fact]
    public void OffPersona_ProbingDistinctTools_AlertsThenNeedsApprovalThenHalts()
    {
        var h = BehaviorHarness.Create();
        var rules = new List<IReadOnlyList<string>>();
        foreach (var tool in new[] { "repo.write_file", "repo.force_push", "iam.grant_role", "crm.export_all", "http.post" })
        {
            rules.Add(h.Call(tool, """{"x":"y"}""").RuleIds);
        }

        Assert.Contains("behavior.alert", rules[1]);
        Assert.Contains("behavior.approval", rules[3]);
        Assert.Contains("behavior.halt", rules[4]);
        Assert.Equal(GuardVerdict.Halt, h.Call("repo.read_file", """{"path":"README.md"}""").Verdict);
    }

    [Fact]
    public void Thresholds_ComeFromThePersona()
    {
        var strict = BehaviorPersonas.RepoAnalyst with { Id = "strict", Behavior = new BehaviorThresholds { AlertAt = 10, ApprovalAt = 15, HaltAt = 30 } };
        var h = BehaviorHarness.Create(personas: [strict]);
        h.Persona = "strict";

        var first = h.Call("repo.write_file", """{"x":"y"}""");
        var second = h.Call("repo.force_push", """{"x":"y"}""");

        Assert.Contains("behavior.approval", first.RuleIds);
        Assert.Equal(GuardVerdict.Halt, second.Verdict);
    }

    [Fact]
    public void Decay_AfterOneHalfLife_HalvesTheDecayingScore()
    {
        var h = BehaviorHarness.Create(new BehaviorOptions { HalfLife = TimeSpan.FromMinutes(10) });
        h.Call("repo.write_file", """{"x":"y"}""");

        h.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(h.Options.Weights.OffPersona / 2, h.Score(), 3);
    }

    [Fact]
    public async Task Halt_IsStickyAndKeepsTheScore_UntilAHumanResumes()
    {
        var h = BehaviorHarness.Create();
        foreach (var tool in new[] { "repo.write_file", "repo.force_push", "iam.grant_role", "crm.export_all", "http.post" })
        {
            h.Call(tool, """{"x":"y"}""");
        }

        var haltedScore = h.Score();
        h.Clock.Advance(TimeSpan.FromDays(3));
        var stillHalted = h.Call("repo.read_file", """{"path":"README.md"}""");
        Assert.Equal(GuardVerdict.Halt, stillHalted.Verdict);
        Assert.Contains("session.halted", stillHalted.RuleIds);
        Assert.DoesNotContain(stillHalted.RuleIds, static r => r.StartsWith("behavior.", StringComparison.Ordinal));
        Assert.Equal(5, h.Snapshot().CallCount);

        Assert.True(await h.Engine.ResumeAsync(HaltTarget.Session, h.Session, TestContext.Current.CancellationToken));
        var resumed = h.Call("repo.read_file", """{"path":"README.md"}""");

        Assert.Equal(GuardVerdict.Allow, resumed.Verdict);
        Assert.True(resumed.Score < haltedScore);
        Assert.Equal(0, resumed.Score);
    }

    [Fact]
    public async Task Halt_WithHaltAgentOnHalt_HaltsTheAgentInOtherSessions()
    {
        var h = BehaviorHarness.Create(engineOptions: new AgentGuardOptions { HaltAgentOnHalt = true });
        var calls = new[] { "repo.write_file", "repo.force_push", "iam.grant_role", "crm.export_all", "http.post" }
            .Select(tool => h.CreateCall(tool, """{"x":"y"}""") with { AgentId = "agent-7" });
        foreach (var call in calls)
        {
            await h.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken);
        }

        h.Session = "another";
        var other = await h.Engine.AuthorizeAsync(h.CreateCall("repo.read_file", """{"path":"a.cs"}""") with { AgentId = "agent-7" }, TestContext.Current.CancellationToken);

        Assert.Equal(GuardVerdict.Halt, other.Verdict);
    }

    [Fact]
    public void MonitorMode_ScoresAndReportsButNeverBlocksOrHalts()
    {
        var h = BehaviorHarness.Create(engineOptions: new AgentGuardOptions { Mode = EnforcementMode.Monitor });
        GuardDecision? last = null;
        foreach (var tool in new[] { "repo.write_file", "repo.force_push", "iam.grant_role", "crm.export_all", "http.post", "repo.delete_branch" })
        {
            last = h.Call(tool, """{"x":"y"}""");
        }

        Assert.Equal(GuardVerdict.Halt, last!.Verdict);
        Assert.Equal(GuardVerdict.Allow, last.EnforcedAction);
        Assert.True(last.Score > 100);
        Assert.DoesNotContain("session.halted", h.Call("repo.read_file", """{"path":"a.cs"}""").RuleIds);
    }

    [Fact]
    public void WorkflowDrift_TransitionOutsideTheWorkflows_Scores()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "support-triage";

        var start = h.Call("tickets.get", """{"ticket_id":"T-1"}""");
        var skip = h.Call("email.send", """{"to":"a@contoso.example","body":"hi"}""");

        Assert.Equal(GuardDecision.Allowed, start);
        Assert.Contains("behavior.workflow_drift", skip.RuleIds);
        Assert.Equal(h.Options.Weights.WorkflowDrift, skip.Score, 1);
    }

    [Fact]
    public void WorkflowDrift_DeclaredSequenceRepeatedAndRestarted_DoesNotScore()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "support-triage";
        foreach (var tool in new[] { "tickets.get", "crm.get_customer", "crm.get_customer", "email.send", "tickets.get", "crm.get_customer", "email.send" })
        {
            Assert.DoesNotContain("behavior.workflow_drift", h.Call(tool, """{"id":"T-1"}""").RuleIds);
        }
    }

    [Fact]
    public void WorkflowDrift_PersonaWithoutWorkflows_NeverScores()
    {
        var h = BehaviorHarness.Create();
        foreach (var tool in new[] { "repo.read_file", "report.write", "repo.list_files", "report.write", "repo.get_commit" })
        {
            Assert.DoesNotContain("behavior.workflow_drift", h.Call(tool, """{"repo":"a"}""").RuleIds);
        }
    }

    [Fact]
    public void WorkflowDrift_RefusedAttempt_DoesNotBecomeThePreviousTool()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "support-triage";
        h.Call("tickets.get", """{"ticket_id":"T-1"}""");
        h.Call("repo.read_file", """{"path":"x"}""");

        Assert.DoesNotContain("behavior.workflow_drift", h.Call("crm.get_customer", """{"customer_id":"C1"}""").RuleIds);
    }

    [Theory]
    [InlineData(".*")]
    [InlineData("^.*$")]
    [InlineData("[\\\\s\\\\S]*")]
    [InlineData("*")]
    [InlineData("%")]
    [InlineData("%%")]
    [InlineData(".+")]
    [InlineData("(.*)")]
    [InlineData("\uFF0A")]
    [InlineData("name = 'x' OR 1=1")]
    [InlineData("**/*")]
    public void Unbounded_MatchEverythingValue_ScoresEvenWithoutAConstraint(string query)
    {
        var h = BehaviorHarness.Create();

        var call = h.Call("repo.search_code", $$"""{"repo":"contoso/app","query":"{{query}}"}""");

        Assert.Equal(GuardVerdict.Allow, call.Verdict);
        Assert.Contains("behavior.unbounded", call.RuleIds);
    }

    [Theory]
    [InlineData("TODO.*fix")]
    [InlineData("src/*.cs")]
    [InlineData("Smith%")]
    [InlineData("what does this do?")]
    [InlineData("a+b@contoso.example")]
    [InlineData("x == y")]
    [InlineData("https://x.example/?a=1&b=2")]
    public void Unbounded_OrdinaryOrPartialValue_DoesNotScore(string query)
    {
        var h = BehaviorHarness.Create();

        var call = h.Call("repo.search_code", $$"""{"repo":"contoso/app","query":"{{query}}"}""");

        Assert.Equal(GuardDecision.Allowed, call);
    }

    [Fact]
    public void Unbounded_EmptyFilter_ScoresButEmptyOtherArgumentDoesNot()
    {
        var h = BehaviorHarness.Create();

        Assert.Contains("behavior.unbounded", h.Call("repo.search_code", """{"repo":"a","filter":"  "}""").RuleIds);
        Assert.DoesNotContain("behavior.unbounded", h.Call("report.write", """{"title":"t","body":""}""").RuleIds);
    }

    [Theory]
    [InlineData("""{"limit":100000}""", true)]
    [InlineData("""{"page_size":"5000"}""", true)]
    [InlineData("""{"maxResults":-1}""", true)]
    [InlineData("""{"limit":100}""", false)]
    [InlineData("""{"offset":100000}""", false)]
    public void Unbounded_HugeLimit_ScoresWithoutEnvelope(string args, bool scores)
    {
        var h = BehaviorHarness.Create();

        var call = h.Call("repo.search_code", args);

        Assert.Equal(scores, call.RuleIds.Contains("behavior.unbounded"));
    }

    [Fact]
    public void Unbounded_LimitAboveThePersonasEnvelope_Scores()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "reconciler";

        Assert.Contains("behavior.unbounded", h.Call("ledger.query", """{"account":"A-1","limit":51}""").RuleIds);
        Assert.DoesNotContain("behavior.unbounded", h.Call("ledger.query", """{"account":"A-1","limit":50}""").RuleIds);
    }

    [Fact]
    public void Velocity_BurstAboveTheLimit_ScoresEachCallAbove()
    {
        var h = BehaviorHarness.Create(new BehaviorOptions { BurstCallsPerMinute = 20 });
        var scored = 0;
        for (var i = 0; i < 30; i++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(1));
            scored += h.Call("repo.list_files", """{"repo":"a"}""").RuleIds.Contains("behavior.velocity.burst") ? 1 : 0;
        }

        Assert.Equal(10, scored);
    }

    [Fact]
    public void Velocity_SameCallsSpreadOut_DoNotScore()
    {
        var h = BehaviorHarness.Create(new BehaviorOptions { BurstCallsPerMinute = 20 });
        for (var i = 0; i < 60; i++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal(GuardDecision.Allowed, h.Call("repo.list_files", """{"repo":"a"}"""));
        }
    }

    [Fact]
    public void Velocity_AttemptsPastADeclaredRate_Score()
    {
        var limited = BehaviorPersonas.RepoAnalyst with
        {
            Id = "limited",
            Tools = [new ToolGrant { Name = "repo.list_files", Rate = new RateLimit { PerMinute = 2 } }],
        };
        var h = BehaviorHarness.Create(personas: [limited]);
        h.Persona = "limited";

        h.Call("repo.list_files", "{}");
        h.Call("repo.list_files", "{}");
        var third = h.Call("repo.list_files", "{}");

        Assert.Contains("rate.per_minute", third.RuleIds);
        Assert.Contains("behavior.velocity.rate", third.RuleIds);
    }

    [Fact]
    public void Enumeration_GuessedSequentialIds_ScoreFromTheConfiguredRun()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "reconciler";
        var scored = new List<bool>();
        for (var n = 1; n <= 8; n++)
        {
            var (call, _) = h.Run("crm.get_customer", $$"""{"customer_id":"C{{n:D6}}"}""", BehaviorHarness.Ok("{}", 1));
            scored.Add(call.RuleIds.Contains("behavior.velocity.enumeration"));
        }

        Assert.Equal([false, false, false, false, true, true, true, true], scored);
    }

    [Fact]
    public void Enumeration_IdsAnEarlierResultListed_DoNotScore()
    {
        var h = BehaviorHarness.Create();
        h.Persona = "reconciler";
        var ids = Enumerable.Range(1, 12).Select(static n => $"C{n:D6}").ToList();
        h.Run("crm.search_customers", """{"query":"city:Delft"}""", BehaviorHarness.Ok(string.Join(", ", ids), ids.Count));

        foreach (var id in ids)
        {
            var (call, _) = h.Run("crm.get_customer", $$"""{"customer_id":"{{id}}"}""", BehaviorHarness.Ok("{}", 1));
            Assert.DoesNotContain("behavior.velocity.enumeration", call.RuleIds);
        }
    }

    [Fact]
    public void Alert_CrossingAlertAt_IsNotedWithTheSignalsThatCaused()
    {
        var h = BehaviorHarness.Create();
        h.Call("repo.write_file", """{"x":"y"}""");

        var call = h.Call("repo.force_push", """{"x":"y"}""");

        var reason = call.Reasons[call.RuleIds.ToList().IndexOf("behavior.alert")];
        Assert.Contains("≥ alert_at 40", reason, StringComparison.Ordinal);
        Assert.Contains("behavior.off_persona +20", reason, StringComparison.Ordinal);
    }
}
