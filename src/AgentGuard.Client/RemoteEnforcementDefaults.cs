namespace AgentGuard;

/// <summary>Default values of <see cref="RemoteEnforcementOptions"/>.</summary>
internal static class RemoteEnforcementDefaults
{
    public const string Address = "unix:/run/agentguard/agentguard.sock";
    public const int MaxRetries = 2;
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromMilliseconds(50);
}
