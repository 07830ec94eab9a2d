using AgentGuard.Testing;

namespace AgentGuard.Core.Tests.Pipeline;

public sealed class RateLimitCheckTests
{
    private static readonly Persona s_persona = TestGuard.SupportTriage(Maturity.Principal);

    private static ToolCall Send(string user = "alice", string session = "s1") =>
        TestGuard.Call("email.send", """{"to":"bob@contoso.example","body":"hi"}""", user: user, session: session);

    [Fact]
    public async Task Burst_SixthCallInAMinute_Denied()
    {
        var guard = new TestGuard(TestGuard.Policy(s_persona));
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await guard.Engine.AuthorizeAsync(Send(), TestContext.Current.CancellationToken)).IsAllowed);
            guard.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var sixth = await guard.Engine.AuthorizeAsync(Send(), TestContext.Current.CancellationToken);
        Assert.Contains("rate.per_minute", sixth.RuleIds);
    }

    [Fact]
    public async Task Window_Slides_PermitsReturnAfterAMinute()
    {
        var guard = new TestGuard(TestGuard.Policy(s_persona));
        for (var i = 0; i < 5; i++)
        {
            await guard.Engine.AuthorizeAsync(Send(), TestContext.Current.CancellationToken);
        }

        guard.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False((await guard.Engine.AuthorizeAsync(Send(), TestContext.Current.CancellationToken)).IsAllowed);
        guard.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True((await guard.Engine.AuthorizeAsync(Send(), TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task PerUser_OneUsersBurstDoesNotStarveAnother()
    {
        var policy = new PolicyBuilder().AddPersona(s_persona).Build();
        var guard = new TestGuard(policy);
        for (var i = 0; i < 5; i++)
        {
            await guard.Engine.AuthorizeAsync(Send("alice"), TestContext.Current.CancellationToken);
        }

        Assert.False((await guard.Engine.AuthorizeAsync(Send("alice"), TestContext.Current.CancellationToken)).IsAllowed);
        Assert.True((await guard.Engine.AuthorizeAsync(Send("carol"), TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task NewSession_DoesNotResetUsersLimit()
    {
        var guard = new TestGuard(TestGuard.Policy(s_persona));
        for (var i = 0; i < 5; i++)
        {
            await guard.Engine.AuthorizeAsync(Send(session: $"s{i}"), TestContext.Current.CancellationToken);
        }

        Assert.Contains("rate.per_minute", (await guard.Engine.AuthorizeAsync(Send(session: "fresh"), TestContext.Current.CancellationToken)).RuleIds);
    }

    [Fact]
    public async Task HourWindow_SpreadOutCalls_StoppedAtFifty()
    {
        var guard = new TestGuard(TestGuard.Policy(s_persona));
        var allowed = 0;
        for (var i = 0; i < 60; i++)
        {
            if ((await guard.Engine.AuthorizeAsync(Send(), TestContext.Current.CancellationToken)).IsAllowed)
            {
                allowed++;
            }

            guard.Clock.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Equal(50, allowed);
    }

    [Fact]
    public async Task HourRefusal_DoesNotBurnMinutePermits()
    {
        var persona = s_persona with
        {
            Tools = [new ToolGrant { Name = "tickets.get", Rate = new RateLimit { PerMinute = 2, PerHour = 3 } }],
        };
        var guard = new TestGuard(new PolicyBuilder().AddPersona(persona).Build());
        var call = TestGuard.Call("tickets.get");
        Assert.True((await guard.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken)).IsAllowed);
        Assert.True((await guard.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken)).IsAllowed);
        for (var i = 0; i < 5; i++)
        {
            // Refused by the minute window: these must not use up the hour's third permit.
            Assert.Contains("rate.per_minute", (await guard.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken)).RuleIds);
        }

        guard.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await guard.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken)).IsAllowed);
        Assert.Contains("rate.per_hour", (await guard.Engine.AuthorizeAsync(call, TestContext.Current.CancellationToken)).RuleIds);
    }

    [Fact]
    public async Task Concurrent_CallsAtTheEdge_ExactlyTheLimitGetThrough()
    {
        var guard = new TestGuard(TestGuard.Policy(s_persona));
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            (await guard.Engine.AuthorizeAsync(Send(), TestContext.Current.CancellationToken)).IsAllowed)));
        Assert.Equal(5, results.Count(static r => r));
    }

    [Fact]
    public async Task ClockGoingBackwards_DoesNotRefillPermits()
    {
        var guard = new TestGuard(TestGuard.Policy(s_persona));
        for (var i = 0; i < 5; i++)
        {
            await guard.Engine.AuthorizeAsync(Send(), TestContext.Current.CancellationToken);
        }

        guard.Clock.SetUtcNow(guard.Clock.GetUtcNow().AddHours(-3));
        Assert.False((await guard.Engine.AuthorizeAsync(Send(), TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task DeniedCalls_DoNotConsumePermits()
    {
        var guard = new TestGuard(TestGuard.Policy(s_persona));
        for (var i = 0; i < 10; i++)
        {
            var bad = TestGuard.Call("email.send", """{"to":"m@evil.test","body":"x"}""");
            Assert.False((await guard.Engine.AuthorizeAsync(bad, TestContext.Current.CancellationToken)).IsAllowed);
        }

        Assert.True((await guard.Engine.AuthorizeAsync(Send(), TestContext.Current.CancellationToken)).IsAllowed);
    }
}
