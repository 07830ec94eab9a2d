namespace AgentGuard;

/// <summary>Refuses every call of a halted session or agent until a human resumes it.</summary>
internal sealed class HaltCheck(ISessionStateStore store) : IGuardCheck
{
    internal const string ExistingHaltItem = "halt.existing";

    public string Name => "halt";

    public int Order => GuardCheckOrder.Halt;

    public bool RunsAfterDenial => false;

    public async ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        var halt = await store.GetHaltAsync(context.Call.SessionId, context.Call.AgentId, cancellationToken).ConfigureAwait(false);
        if (halt is not null)
        {
            context.Items[ExistingHaltItem] = halt;
            // A behavior halt's reason is scoring evidence (targets, weights); it stays in the halt record and the audit
            // trail of the halting decision, and is not repeated into every later refusal the model reads.
            var why = halt.RuleId.StartsWith("behavior.", StringComparison.Ordinal) ? "behavior outside the persona's envelope" : halt.Reason;
            context.Halt("session.halted", $"session is halted ({why}); a human must resume it");
        }
    }
}
