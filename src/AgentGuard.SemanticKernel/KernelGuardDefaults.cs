namespace AgentGuard;

internal static class KernelGuardDefaults
{
    // Mirrors AgentGuardOptions.DenialPrefix's default, for filters built without the engine's options.
    public const string DenialPrefix = "denied by AgentGuard";
    public const string BackendDeniedMessage = "tool failed: access denied";
    public const string WithheldPrefix = "withheld by AgentGuard";
}
