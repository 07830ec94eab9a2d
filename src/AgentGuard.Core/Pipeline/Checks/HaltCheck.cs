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
            context.Halt("session.halted", $"session is halted ({halt.Reason}); a human must resume it");
        }
    }
}
