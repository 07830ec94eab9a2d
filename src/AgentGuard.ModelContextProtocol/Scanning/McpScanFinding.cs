namespace AgentGuard;

/// <summary>One tool-poisoning finding in a tool definition.</summary>
/// <param name="Tool">The tool's name on its server.</param>
/// <param name="RuleId">The stable rule id, for example <c>mcp.poison.instruction_override</c>.</param>
/// <param name="Severity">How strongly it suggests poisoning.</param>
/// <param name="Location">Where in the definition: a JSON path such as <c>$.inputSchema.properties.note.description</c>.</param>
/// <param name="Message">What was found, for people.</param>
/// <param name="Evidence">A short, printable excerpt (invisible characters shown as <c>\u{…}</c>).</param>
public sealed record McpScanFinding(string Tool, string RuleId, McpFindingSeverity Severity, string Location, string Message, string Evidence);
