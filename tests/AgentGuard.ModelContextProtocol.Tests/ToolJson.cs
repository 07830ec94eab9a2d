using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AgentGuard.ModelContextProtocol.Tests;

/// <summary>Builds tool definitions from JSON text, as a server would send them.</summary>
internal static class ToolJson
{
    public static Tool Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return McpToolCanonicalForm.Deserialize(document.RootElement);
    }

    public static Tool Simple(string name, string description, string? parameterDescription = null) => Parse(
        "{\"name\":" + JsonSerializer.Serialize(name) + ",\"description\":" + JsonSerializer.Serialize(description)
        + ",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\",\"description\":"
        + JsonSerializer.Serialize(parameterDescription ?? "The path to read.") + "}}}}");
}
