using System.Text.Json;
using P = AgentGuard.Protocol.V1;

namespace AgentGuard;

/// <summary>Converts between the engine's types and the wire messages.</summary>
internal static class ProtoMapping
{
    public static P.ToolCall ToProto(ToolCall call)
    {
        var message = new P.ToolCall
        {
            ToolName = call.ToolName,
            ArgumentsJson = call.Arguments.ValueKind == JsonValueKind.Undefined ? "{}" : call.Arguments.GetRawText(),
            SessionId = call.SessionId,
            UserId = call.UserId ?? string.Empty,
            CallId = call.CallId ?? string.Empty,
            TimestampUnixMs = call.Timestamp.ToUnixTimeMilliseconds(),
            ParentAgentId = call.ParentAgentId ?? string.Empty,
            Persona = call.Persona ?? string.Empty,
        };
        message.DelegationChain.AddRange(call.DelegationChain);
        return message;
    }

    public static P.ToolResult ToProto(ToolResult result)
    {
        var message = new P.ToolResult { Status = (P.ResultStatus)(int)result.Status };
        if (result.Content is { } content)
        {
            message.ContentJson = content.GetRawText();
        }

        message.RecordCount = result.RecordCount;
        message.Resource = result.Resource;

        return message;
    }

    public static ToolResult FromProto(P.ToolResult message) => new()
    {
        Status = (ToolResultStatus)(int)message.Status,
        Content = message.ContentJson is { } json ? ParseJson(json) : null,
        RecordCount = message.RecordCount,
        Resource = message.Resource,
    };

    public static P.Decision ToProto(GuardDecision decision, string? grant)
    {
        var message = new P.Decision
        {
            Verdict = (P.Verdict)(int)decision.Verdict,
            EnforcedAction = (P.Verdict)(int)decision.EnforcedAction,
            Score = decision.Score,
            Grant = grant ?? string.Empty,
        };
        message.RuleIds.AddRange(decision.RuleIds);
        message.Reasons.AddRange(decision.Reasons);
        foreach (var f in decision.Findings)
        {
            message.Findings.Add(new P.Finding { Detector = f.Detector, Kind = f.Kind, Location = f.Location, Start = f.Start, Length = f.Length, Action = f.Action });
        }

        if (decision.RedactedArguments is { } arguments)
        {
            message.RedactedArgumentsJson = arguments.GetRawText();
        }

        if (decision.RedactedResult is { } result)
        {
            message.RedactedResult = ToProto(result);
        }

        return message;
    }

    public static GuardDecision FromProto(P.Decision message)
    {
        var findings = new GuardFinding[message.Findings.Count];
        for (var i = 0; i < findings.Length; i++)
        {
            var f = message.Findings[i];
            findings[i] = new GuardFinding(f.Detector, f.Kind, f.Location, f.Start, f.Length, f.Action);
        }

        return new GuardDecision(
            ToVerdict(message.Verdict),
            ToVerdict(message.EnforcedAction),
            [.. message.RuleIds],
            [.. message.Reasons],
            message.Score,
            findings,
            message.RedactedArgumentsJson is { } arguments ? ParseJson(arguments) : null,
            message.RedactedResult is { } result ? FromProto(result) : null);
    }

    /// <summary>Parses JSON into a detached element.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static GuardVerdict ToVerdict(P.Verdict verdict) =>
        verdict is >= P.Verdict.Allow and <= P.Verdict.Halt ? (GuardVerdict)(int)verdict : GuardVerdict.Deny;
}
