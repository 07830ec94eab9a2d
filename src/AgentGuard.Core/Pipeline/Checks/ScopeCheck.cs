namespace AgentGuard;

/// <summary>Persona ∩ user ∩ every delegating ancestor: a tool outside that intersection is refused.</summary>
internal sealed class ScopeCheck : IGuardCheck
{
    internal const string AncestorsItem = "scope.ancestors";

    public string Name => "scope";

    public int Order => GuardCheckOrder.Scope;

    public bool RunsAfterDenial => false;

    public ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        var call = context.Call;
        if (context.Persona is not { } persona)
        {
            context.Deny("persona.unknown", call.Persona is null ? "the call names no persona" : $"unknown persona '{CompiledArguments.Printable(call.Persona)}'");
            return default;
        }

        var tool = persona.Resolve(call.ToolName);
        if (tool is null)
        {
            context.Deny("scope.not_in_persona", $"tool '{CompiledArguments.Printable(call.ToolName)}' is not part of persona '{persona.Id}'");
            return default;
        }

        context.Tool = tool;
        if (!context.Policy.IsUserEntitled(call.UserId, call.ToolName))
        {
            context.Deny("scope.not_entitled", call.UserId is null
                ? $"no delegating user for '{call.ToolName}'; user entitlements are in force"
                : $"user '{CompiledArguments.Printable(call.UserId)}' is not entitled to '{call.ToolName}'");
            return default;
        }

        if (call.DelegationChain.Count > 0)
        {
            var ancestors = new ResolvedTool[call.DelegationChain.Count];
            for (var i = 0; i < ancestors.Length; i++)
            {
                var ancestorId = call.DelegationChain[i];
                if (!context.Policy.TryGetPersona(ancestorId, out var ancestor))
                {
                    context.Deny("scope.unknown_ancestor", $"delegating persona '{CompiledArguments.Printable(ancestorId)}' is unknown");
                    return default;
                }

                var granted = ancestor.Resolve(call.ToolName);
                if (granted is null)
                {
                    context.Deny("scope.not_in_ancestor", $"tool '{call.ToolName}' is not part of delegating persona '{ancestor.Id}'; a sub-agent never gains what its parent lacks");
                    return default;
                }

                ancestors[i] = granted;
            }

            context.Items[AncestorsItem] = ancestors;
        }

        return default;
    }
}
