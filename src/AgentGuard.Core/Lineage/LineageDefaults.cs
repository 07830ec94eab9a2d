namespace AgentGuard;

internal static class LineageDefaults
{
    public const bool RequireConversation = true;
    public const int MaxResultsPerSession = 64;
    public const int MaxFingerprintsPerSource = 20_000;
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromDays(1);
}
