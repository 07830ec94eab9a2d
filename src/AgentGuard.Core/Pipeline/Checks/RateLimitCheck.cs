namespace AgentGuard;

/// <summary>Per-user, per-tool rate limits from the persona's grant.</summary>
internal sealed class RateLimitCheck(ISessionStateStore store) : IGuardCheck
{
    public string Name => "rate";

    public int Order => GuardCheckOrder.RateLimit;

    public bool RunsAfterDenial => false;

    public async ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (context.Tool?.Rate is not { } rate || context.Persona is null)
        {
            return;
        }

        var key = new RateKey(context.Persona.Id, context.Call.UserId ?? string.Empty, context.Call.ToolName);
        var outcome = await store.AcquireRateAsync(key, rate, context.Now, cancellationToken).ConfigureAwait(false);
        if (!outcome.Allowed)
        {
            var window = outcome.Window == "per_hour" ? "hour" : "minute";
            context.Deny($"rate.{outcome.Window}", $"rate limit exceeded: at most {outcome.Limit} calls per {window} to '{context.Call.ToolName}'");
        }
    }
}
