namespace AgentGuard;

internal static class AgentGuardDefaults
{
    public const EnforcementMode Mode = EnforcementMode.Enforce;
    public const string DenialPrefix = "denied by AgentGuard";
    public static readonly TimeSpan ApprovalTimeout = TimeSpan.FromMinutes(5);
}
