namespace AgentGuard;

/// <summary>The pipeline stage that refuses calls to MCP tools the trusted tool registry has not approved (changed,
/// added, removed, poisoned, or of a refused server), so the refusal is audited and scored like any other.</summary>
/// <remarks>Runs right after the halt check, before scope. Tools of servers the <see cref="McpToolTrust"/> does not know
/// pass untouched.</remarks>
/// <param name="trust">The registry's current verdicts.</param>
public sealed class McpToolTrustCheck(McpToolTrust trust) : IGuardCheck
{
    /// <summary>The stage's position: after <see cref="GuardCheckOrder.Halt"/>, before <see cref="GuardCheckOrder.Scope"/>.</summary>
    public const int StageOrder = GuardCheckOrder.Halt + 50;

    private readonly McpToolTrust _trust = trust ?? throw new ArgumentNullException(nameof(trust));

    /// <inheritdoc />
    public string Name => "mcp.trust";

    /// <inheritdoc />
    public int Order => StageOrder;

    /// <inheritdoc />
    public bool RunsAfterDenial => false;

    /// <inheritdoc />
    public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_trust.TryGetRefusal(context.Call.ToolName, out var refusal))
        {
            context.Deny(refusal!.RuleId, refusal.Reason);
        }

        return default;
    }
}
