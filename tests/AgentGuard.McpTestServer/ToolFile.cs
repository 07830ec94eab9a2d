using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentGuard.McpTestServer;

/// <summary>Reads the tools file: <c>{"tools":[{"name":…, "description":…, "inputSchema":…, "behavior":"echo"}]}</c>.</summary>
internal static class ToolFile
{
    private static readonly JsonTypeInfo<Tool> s_toolType = (JsonTypeInfo<Tool>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool));

    public static IReadOnlyList<ToolDefinition> Default { get; } =
    [
        new(new Tool
        {
            Name = "echo",
            Description = "Echoes the text it is given.",
            InputSchema = JsonDocument.Parse("""{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""").RootElement.Clone(),
        }, "echo"),
    ];

    public static IReadOnlyList<ToolDefinition> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var tools = new List<ToolDefinition>();
        foreach (var element in document.RootElement.GetProperty("tools").EnumerateArray())
        {
            var behavior = element.TryGetProperty("behavior", out var b) ? b.GetString() ?? "echo" : "echo";
            var tool = JsonSerializer.Deserialize(element, s_toolType) ?? throw new JsonException("tool expected");
            tools.Add(new ToolDefinition(tool, behavior));
        }

        return tools;
    }
}
