using System.Text.Json;

namespace AgentGuard;

/// <summary>What a tool returned, as the guard inspects it after the call.</summary>
public sealed record ToolResult
{
    /// <summary>Gets how the invocation ended.</summary>
    /// <value>The default value is <see cref="ToolResultStatus.Ok"/>.</value>
    public ToolResultStatus Status { get; init; }

    /// <summary>Gets the content returned to the model: a JSON string for text, or any JSON value.</summary>
    public JsonElement? Content { get; init; }

    /// <summary>Gets how many records the tool returned, when it reports it.</summary>
    public long? RecordCount { get; init; }

    /// <summary>Gets the resource the call touched (repository/path, table, URL), when known.</summary>
    public string? Resource { get; init; }

    /// <summary>Creates a successful result carrying text.</summary>
    /// <param name="text">The text the tool returned.</param>
    /// <returns>A result with status <see cref="ToolResultStatus.Ok"/>.</returns>
    public static ToolResult FromText(string? text) =>
        new() { Content = text is null ? null : JsonSerializer.SerializeToElement(text, AbstractionsJsonContext.Default.String) };

    /// <summary>Gets the content as text: the string itself for a JSON string, otherwise the raw JSON.</summary>
    /// <returns>The text, or <see langword="null"/> when there is no content.</returns>
    public string? GetContentText() => Content switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { } other => other.GetRawText(),
    };
}
