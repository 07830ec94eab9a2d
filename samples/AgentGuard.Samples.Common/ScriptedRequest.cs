using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentGuard.Samples;

/// <summary>One request a <see cref="ScriptedChatClient"/> received.</summary>
/// <param name="Messages">The messages, as they were when the request arrived.</param>
/// <param name="Options">The options it came with.</param>
public sealed record ScriptedRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)
{
    /// <summary>Gets the tool results the model was shown in this request, in order.</summary>
    public IReadOnlyList<FunctionResultContent> FunctionResults =>
        [.. Messages.SelectMany(static m => m.Contents).OfType<FunctionResultContent>()];

    /// <summary>Gets the text of the tool result for a call id, as the model reads it (objects as compact JSON).</summary>
    /// <param name="callId">The call id.</param>
    /// <returns>The result's text, or <see langword="null"/> when the request holds no result for the call.</returns>
    public string? ResultText(string callId) =>
        FunctionResults.FirstOrDefault(r => r.CallId == callId)?.Result switch
        {
            null => null,
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } json => json.GetString(),
            JsonElement json => json.GetRawText(),
            var other => JsonSerializer.Serialize(other, s_compact.GetTypeInfo(other.GetType())),
        };

    private static readonly JsonSerializerOptions s_compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };
}
