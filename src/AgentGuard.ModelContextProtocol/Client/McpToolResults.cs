using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace AgentGuard;

/// <summary>Maps MCP tool results onto the guard's <see cref="ToolResult"/> and back.</summary>
/// <remarks>
/// <para>The guard inspects the whole <c>CallToolResult</c> as JSON (<c>content</c>, <c>structuredContent</c>,
/// <c>isError</c>), exactly what the host receives. A result with <c>isError</c> whose text says the backend refused
/// the call (<c>permission denied</c>, <c>access denied</c>, <c>unauthorized</c>, <c>forbidden</c>, <c>401</c>,
/// <c>403</c>, <c>insufficient permissions</c>) has status <see cref="ToolResultStatus.Denied"/>, so the behavior engine
/// sees backend refusals; any other <c>isError</c> result has status <see cref="ToolResultStatus.Error"/>.</para>
/// <para>The record count is the length of an array in <c>structuredContent</c>, or of a JSON array that is the only
/// text content; otherwise unknown. (An <c>McpClientTool</c> invoked as an <c>AIFunction</c> returns a lone text block
/// as <c>TextContent</c> and everything else, errors included, as the result's JSON; both are understood.)</para>
/// </remarks>
public static partial class McpToolResults
{
    private static readonly JsonTypeInfo<CallToolResult> s_resultType =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    /// <summary>Describes an MCP tool result for the guard.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The guard's view: status, the result as JSON, and the record count when known.</returns>
    public static ToolResult ToToolResult(CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var json = JsonSerializer.SerializeToElement(result, s_resultType);
        return new ToolResult { Status = Classify(json), Content = json, RecordCount = CountRecords(json) };
    }

    /// <summary>Turns what the guard let through (possibly redacted) back into an MCP tool result.</summary>
    /// <param name="result">The guard's result.</param>
    /// <param name="isError">Whether to mark a result that is not itself an MCP result as an error.</param>
    /// <returns>The MCP result.</returns>
    public static CallToolResult FromToolResult(ToolResult result, bool isError = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Content is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            try
            {
                if (JsonSerializer.Deserialize(json, s_resultType) is { } parsed)
                {
                    return parsed;
                }
            }
            catch (JsonException)
            {
                // Not an MCP result after all (a check rewrote it): hand on its text.
            }
        }

        return Text(result.GetContentText() ?? string.Empty, isError);
    }

    /// <summary>Creates a tool result carrying one text block.</summary>
    /// <param name="text">The text.</param>
    /// <param name="isError">Whether the result reports an error.</param>
    /// <returns>The result.</returns>
    public static CallToolResult Text(string text, bool isError) =>
        new() { Content = [new TextContentBlock { Text = text }], IsError = isError ? true : null };

    /// <summary>Classifies an MCP tool result given as JSON (what <c>McpClientTool</c> returns as an <c>AIFunction</c>).</summary>
    /// <param name="result">The result as JSON.</param>
    /// <returns><see cref="ToolResultStatus.Ok"/> without <c>isError</c>; otherwise denied or error by its text.</returns>
    public static ToolResultStatus Classify(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("isError", out var isError) || isError.ValueKind != JsonValueKind.True)
        {
            return ToolResultStatus.Ok;
        }

        return DeniedText().IsMatch(GetText(result)) ? ToolResultStatus.Denied : ToolResultStatus.Error;
    }

    /// <summary>The <see cref="GuardedFunctionOptions.ResultClassifier"/> for MCP client tools: status and record count
    /// from the <c>CallToolResult</c> an <c>McpClientTool</c> returns.</summary>
    /// <param name="value">What the tool returned.</param>
    /// <param name="result">The result the guard built from it.</param>
    /// <returns>The result with its status and record count.</returns>
    public static ToolResult ClassifyFunctionResult(object? value, ToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return value switch
        {
            JsonElement json => result with { Status = Classify(json), RecordCount = CountRecords(json) ?? result.RecordCount },
            CallToolResult call => result with { Status = Classify(JsonSerializer.SerializeToElement(call, s_resultType)) },

            // A lone text block reaches the function's caller as text; an MCP error never does (it stays a result).
            Microsoft.Extensions.AI.TextContent text => result with { RecordCount = CountArray(text.Text) ?? result.RecordCount },
            _ => result,
        };
    }

    /// <summary>Gets the text blocks of an MCP tool result given as JSON, joined by newlines.</summary>
    /// <param name="result">The result as JSON.</param>
    /// <returns>The text.</returns>
    public static string GetText(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(value.GetString());
            }
        }

        return text.ToString();
    }

    private static long? CountRecords(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (result.TryGetProperty("structuredContent", out var structured) && structured.ValueKind == JsonValueKind.Array)
        {
            return structured.GetArrayLength();
        }

        if (result.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array && content.GetArrayLength() == 1)
        {
            return CountArray(GetText(result));
        }

        return null;
    }

    private static long? CountArray(string? text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length < 2 || trimmed[0] != '[')
        {
            return null;
        }

        try
        {
            using var array = JsonDocument.Parse(trimmed.ToString());
            return array.RootElement.ValueKind == JsonValueKind.Array ? array.RootElement.GetArrayLength() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\b(permission|access)\s+denied\b|\bforbidden\b|\bunauthori[sz]ed\b|\bnot\s+authori[sz]ed\b|\b40[13]\b|\binsufficient\s+(permissions?|privileges?|scopes?|rights)\b|\bnot\s+permitted\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 250)]
    private static partial Regex DeniedText();
}
