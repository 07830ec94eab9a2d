namespace AgentGuard;

/// <summary>Where the policy comes from: the sources added through the builder, applied in order.</summary>
public sealed class AgentGuardPolicyOptions
{
    /// <summary>Gets the steps that add personas, catalog tools and users to the policy builder.</summary>
    public IList<Action<PolicyBuilder>> Sources { get; } = [];
}
