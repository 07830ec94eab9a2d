using System.Net;

namespace AgentGuard.Abstractions.Tests;

public sealed class GuardDecisionTests
{
    [Fact]
    public void ExplainRefusalForModel_ApprovalForBehavior_HidesTheScoringEvidence()
    {
        var decision = new GuardDecision(
            GuardVerdict.RequireApproval,
            enforcedAction: GuardVerdict.Deny,
            ruleIds: ["behavior.barrier.path_trick", "approval.policy", "approval.unavailable"],
            reasons: ["attempt 2 through a path trick (+35)", "junior persona needs human approval", "approval required: no approval service is configured"]);

        Assert.Equal("approval required; junior persona needs human approval; no approval service is configured", decision.ExplainRefusalForModel());
    }

    [Fact]
    public void ExplainRefusalForModel_Deny_IsExplainForModel()
    {
        var decision = new GuardDecision(GuardVerdict.Deny, ruleIds: ["behavior.taint", "args.pattern"], reasons: ["tainted (+60)", "argument 'id' does not match"]);

        Assert.Equal("argument 'id' does not match", decision.ExplainRefusalForModel());
        Assert.Equal(decision.ExplainForModel(), decision.ExplainRefusalForModel());
    }

    [Fact]
    public void IsRefusal_UnauthorizedOr401Or403_InsideWrappers()
    {
        Assert.True(BackendDenial.IsRefusal(new UnauthorizedAccessException()));
        Assert.True(BackendDenial.IsRefusal(new InvalidOperationException("wrapped", new HttpRequestException("no", null, HttpStatusCode.Forbidden))));
        Assert.True(BackendDenial.IsRefusal(new HttpRequestException("no", null, HttpStatusCode.Unauthorized)));
        Assert.False(BackendDenial.IsRefusal(new HttpRequestException("down", null, HttpStatusCode.ServiceUnavailable)));
        Assert.False(BackendDenial.IsRefusal(new InvalidOperationException()));
        Assert.False(BackendDenial.IsRefusal(null));
    }

    [Fact]
    public void IsRefusal_DeeperThanEightWrappers_IsNotFollowed()
    {
        Exception exception = new UnauthorizedAccessException();
        for (var i = 0; i < 8; i++)
        {
            exception = new InvalidOperationException("wrapper", exception);
        }

        Assert.False(BackendDenial.IsRefusal(exception));
    }
}
