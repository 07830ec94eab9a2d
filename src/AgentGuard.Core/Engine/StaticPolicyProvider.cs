namespace AgentGuard;

/// <summary>A policy provider holding one policy, replaceable atomically.</summary>
public sealed class StaticPolicyProvider : IPolicyProvider
{
    private GuardPolicy _policy;

    /// <summary>Initializes a new instance of the <see cref="StaticPolicyProvider"/> class.</summary>
    /// <param name="policy">The policy.</param>
    public StaticPolicyProvider(GuardPolicy policy) => _policy = policy ?? throw new ArgumentNullException(nameof(policy));

    /// <inheritdoc />
    public GuardPolicy Policy => Volatile.Read(ref _policy);

    /// <summary>Replaces the policy; calls already being evaluated finish with the old one.</summary>
    /// <param name="policy">The new policy.</param>
    public void Replace(GuardPolicy policy) => Volatile.Write(ref _policy, policy ?? throw new ArgumentNullException(nameof(policy)));
}
