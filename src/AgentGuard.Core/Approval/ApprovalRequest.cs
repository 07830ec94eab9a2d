namespace AgentGuard;

/// <summary>A call waiting for a human's approval, and why it needs one.</summary>
/// <param name="Call">The call.</param>
/// <param name="Tool">The tool as the persona grants it, when in scope.</param>
/// <param name="RuleIds">The rules that asked for approval.</param>
/// <param name="Reasons">Why, for the approver.</param>
public sealed record ApprovalRequest(ToolCall Call, ResolvedTool? Tool, IReadOnlyList<string> RuleIds, IReadOnlyList<string> Reasons);
