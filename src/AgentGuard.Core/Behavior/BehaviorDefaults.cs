namespace AgentGuard;

/// <summary>The defaults of <see cref="BehaviorOptions"/> and <see cref="BehaviorWeights"/>, in one place.</summary>
internal static class BehaviorDefaults
{
    public static readonly TimeSpan HalfLife = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan BarrierMemory = TimeSpan.FromDays(7);
    public static readonly TimeSpan TaintMemory = TimeSpan.FromDays(7);
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromDays(7);
    public const int MaxSessions = 100_000;
    public const int MaxBarrierTargets = 32;
    public const int MaxTaintFingerprints = 1024;
    public const int MaxWeakFingerprints = 256;
    public const int MaxTrackedResources = 512;
    public const int BurstCallsPerMinute = 120;
    public const long HugeLimit = 1000;
    public const int EnumerationMinRun = 5;
    public const int ScrapeResourcesPerFiveMinutes = 300;

    public const double OffPersona = 20;
    public const double ArgumentViolation = 10;
    public const double DlpBlock = 10;
    public const double RateExceeded = 8;
    public const double BackendDenied = 5;
    public const double BarrierRetry = 30;
    public const double BarrierPathTrick = 35;
    public const double BarrierOtherTool = 30;
    public const double BarrierVariation = 25;
    public const double BarrierToolRetry = 25;
    public const double WorkflowDrift = 10;
    public const double UnboundedArgument = 15;
    public const double Velocity = 5;
    public const double Enumeration = 8;
    public const double Scrape = 5;
    public const double EnvelopeCall = 30;
    public const double EnvelopeHour = 25;
    public const double Taint = 60;
    public const double WeakTaint = 20;
}
