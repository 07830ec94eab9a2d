namespace AgentGuard;

/// <summary>Supplies the policy in force; swap the instance to reload personas without restarting.</summary>
public interface IPolicyProvider
{
    /// <summary>Gets the current policy.</summary>
    GuardPolicy Policy { get; }
}
