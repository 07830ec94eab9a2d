namespace AgentGuard;

internal static class GuardedFunctionDefaults
{
    // Mirrors AgentGuardOptions.DenialPrefix's default, for guards built without the engine's options.
    public const string DenialPrefix = "denied by AgentGuard";
    public const string BackendDeniedMessage = "tool failed: access denied";
    public const string WithheldPrefix = "withheld by AgentGuard";
}
