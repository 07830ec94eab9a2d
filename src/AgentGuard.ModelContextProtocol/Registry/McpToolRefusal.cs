namespace AgentGuard;

/// <summary>One tool the trusted tool registry refused, and why.</summary>
/// <param name="Tool">The tool's name on its server.</param>
/// <param name="Kind">The kind of refusal.</param>
/// <param name="RuleId">The stable rule id, for example <c>mcp.tool_changed</c>.</param>
/// <param name="Reason">Why, for people and for the model.</param>
public sealed record McpToolRefusal(string Tool, McpRefusalKind Kind, string RuleId, string Reason);
