using ModelContextProtocol.Protocol;

namespace AgentGuard.McpTestServer;

/// <summary>One tool the test server offers: its protocol definition and what a call does.</summary>
internal sealed record ToolDefinition(Tool Tool, string Behavior);
