using AgentGuard.Testing;

namespace AgentGuard.Server.Tests;

/// <summary>Grants: the service's own record of an allowed call, usable only by the agent it was issued to, for its lifetime.</summary>
public sealed class GrantTableTests
{
    private static readonly ToolCall s_call = new() { ToolName = "crm.get_customer", SessionId = "triage-1/s1", AgentId = "triage-1" };

    [Fact]
    public void Find_IssuingAgent_FoundOtherAgent_NotFound()
    {
        var grants = new GrantTable(new ManualTimeProvider(), TimeSpan.FromMinutes(10));
        var id = grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        Assert.Same(s_call, grants.Find(id, "triage-1")?.Call);
        Assert.Null(grants.Find(id, "recon-1"));
        Assert.Null(grants.Find(id + "0", "triage-1"));
    }

    [Fact]
    public void Find_AfterLifetime_Expired()
    {
        var clock = new ManualTimeProvider();
        var grants = new GrantTable(clock, TimeSpan.FromMinutes(10));
        var id = grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.NotNull(grants.Find(id, "triage-1"));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(grants.Find(id, "triage-1"));
    }

    [Fact]
    public void End_ByAnotherAgent_GrantSurvives()
    {
        var grants = new GrantTable(new ManualTimeProvider(), TimeSpan.FromMinutes(10));
        var id = grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        grants.End(id, "recon-1");
        Assert.NotNull(grants.Find(id, "triage-1"));
        grants.End(id, "triage-1");
        Assert.Null(grants.Find(id, "triage-1"));
    }

    [Fact]
    public void Issue_ManyExpired_SweptAway()
    {
        var clock = new ManualTimeProvider();
        var grants = new GrantTable(clock, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 4095; i++)
        {
            grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        Assert.Equal(1, grants.Count);
    }

    [Fact]
    public void Issue_BeyondCapacity_OldestEvictedNewestKept()
    {
        var grants = new GrantTable(new ManualTimeProvider(), TimeSpan.FromMinutes(10), capacity: 3);
        var first = grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        string last = string.Empty;
        for (var i = 0; i < 5; i++)
        {
            last = grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        }

        Assert.Equal(3, grants.Count);
        Assert.Null(grants.Find(first, "triage-1"));
        Assert.NotNull(grants.Find(last, "triage-1"));
    }

    [Fact]
    public void Issue_OneAgentFloodsBeyondCapacity_AnotherAgentsGrantSurvives()
    {
        // A compromised agent authorizes calls in a loop to push the other agents' grants out of the table.
        var grants = new GrantTable(new ManualTimeProvider(), TimeSpan.FromMinutes(10), capacity: 3);
        var victims = grants.Issue("recon-1", s_call, GuardDecision.Allowed);
        for (var i = 0; i < 10; i++)
        {
            grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        }

        Assert.NotNull(grants.Find(victims, "recon-1"));
        Assert.Equal(4, grants.Count);
    }

    [Fact]
    public void Issue_EndedGrantsInQueue_LiveGrantsSurviveSweep()
    {
        var clock = new ManualTimeProvider();
        var grants = new GrantTable(clock, TimeSpan.FromMinutes(1));
        var ended = grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        grants.End(ended, "triage-1");
        clock.Advance(TimeSpan.FromSeconds(30));
        var live = grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        clock.Advance(TimeSpan.FromSeconds(45));
        grants.Issue("triage-1", s_call, GuardDecision.Allowed);
        Assert.NotNull(grants.Find(live, "triage-1"));
        Assert.Null(grants.Find(ended, "triage-1"));
        Assert.Equal(2, grants.Count);
    }
}
