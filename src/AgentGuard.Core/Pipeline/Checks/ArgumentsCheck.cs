namespace AgentGuard;

/// <summary>The persona's (and every delegating ancestor's) argument constraints.</summary>
internal sealed class ArgumentsCheck : IGuardCheck
{
    public string Name => "arguments";

    public int Order => GuardCheckOrder.Arguments;

    public bool RunsAfterDenial => false;

    public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (context.Tool is not { } tool)
        {
            return default;
        }

        List<ArgumentViolation>? violations = null;
        tool.Arguments?.Check(context.Call.Arguments, ref violations);
        if (context.Call.DelegationChain.Count > 0 && context.Items.TryGetValue(ScopeCheck.AncestorsItem, out var value) && value is ResolvedTool[] ancestors)
        {
            foreach (var ancestor in ancestors)
            {
                ancestor.Arguments?.Check(context.Call.Arguments, ref violations);
            }
        }

        if (violations is not null)
        {
            foreach (var violation in violations.DistinctBy(static v => (v.RuleId, v.Argument, v.Message)))
            {
                context.Deny(violation.RuleId, violation.Message);
            }
        }

        return default;
    }
}
