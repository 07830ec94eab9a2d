using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentGuard.McpTestServer;

/// <summary>What a call does, by the tool's <c>behavior</c>.</summary>
internal static class Behaviors
{
    public static async ValueTask<CallToolResult> RunAsync(ToolDefinition tool, CallToolRequestParams request, CancellationToken cancellationToken)
    {
        var args = request.Arguments ?? new Dictionary<string, JsonElement>();
        var (kind, parameter) = tool.Behavior.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
            ? (tool.Behavior[..colon], tool.Behavior[(colon + 1)..])
            : (tool.Behavior, string.Empty);
        switch (kind)
        {
            case "echo":
                return Text(args.TryGetValue("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : string.Empty);
            case "args":
                return Text(JsonSerializer.Serialize(args.ToDictionary(static p => p.Key, static p => (JsonNode?)JsonNode.Parse(p.Value.GetRawText()))));
            case "text":
                return Text(parameter);
            case "env":
                return Text(Environment.GetEnvironmentVariable(parameter) ?? "(unset)");
            case "require_env":
                var (name, expected) = (parameter[..parameter.IndexOf('=', StringComparison.Ordinal)], parameter[(parameter.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                return Environment.GetEnvironmentVariable(name) == expected
                    ? Text("authorized: the backend credential was accepted")
                    : Text("401 Unauthorized: the backend credential is missing or wrong", isError: true);
            case "deny":
                return Text("permission denied: this account cannot read that resource", isError: true);
            case "error":
                return Text("the backend failed: disk quota exceeded", isError: true);
            case "throw":
                throw new McpProtocolException("the backend rejected the request", McpErrorCode.InvalidParams);
            case "records":
                var count = int.Parse(parameter, System.Globalization.CultureInfo.InvariantCulture);
                var records = new JsonArray([.. Enumerable.Range(1, count).Select(static i => (JsonNode)new JsonObject { ["id"] = i })]);
                return new CallToolResult
                {
                    Content = [new TextContentBlock { Text = records.ToJsonString() }],
                    StructuredContent = JsonDocument.Parse(records.ToJsonString()).RootElement.Clone(),
                };
            case "crash":
                await Console.Error.WriteLineAsync("test server: crashing on purpose").ConfigureAwait(false);
                Environment.Exit(3);
                return Text("unreachable");
            case "hang":
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                return Text("unreachable");
            default:
                return Text($"unknown behavior '{tool.Behavior}'", isError: true);
        }
    }

    private static CallToolResult Text(string text, bool isError = false) =>
        new() { Content = [new TextContentBlock { Text = text }], IsError = isError ? true : null };
}
