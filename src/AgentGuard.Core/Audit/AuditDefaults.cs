namespace AgentGuard;

internal static class AuditDefaults
{
    public const int Capacity = 8192;
    public const int MaxBatchSize = 256;
    public const AuditOverflowMode OverflowMode = AuditOverflowMode.Drop;
    public const string FilePrefix = "audit";
    public const long MaxFileBytes = 64L * 1024 * 1024;
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);
}
