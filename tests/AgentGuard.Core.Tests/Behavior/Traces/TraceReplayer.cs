using System.Globalization;
using System.Text.Json;
using AgentGuard.Testing;
using Microsoft.Extensions.Options;

namespace AgentGuard.Core.Tests.Behavior.Traces;

/// <summary>One replayed trace line.</summary>
internal sealed record TraceRow(int Line, string Session, string Tool, string Outcome, string? Expect, double Score, string Reasons)
{
    public bool Met => Expect is null || Expect == Outcome;
}

/// <summary>Replays a FORMATS.md trace through the engine with behavior: a small stand-in for <c>agentguard replay</c>.</summary>
internal static class TraceReplayer
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<TraceRow> Replay(string file, GuardPolicy policy, BehaviorOptions? options = null)
    {
        var clock = new ManualTimeProvider(s_start);
        var sessions = new InMemorySessionStateStore();
        var behavior = new InMemoryBehaviorStateStore();
        var engine = new AgentGuardEngine(
            new StaticPolicyProvider(policy),
            [.. AgentGuardEngine.CreateDefaultChecks(sessions), BehaviorStages.CreateCheck(behavior, options)],
            [new StandInDlpResultCheck(), BehaviorStages.CreateResultCheck(behavior, options)],
            sessions,
            Options.Create(new AgentGuardOptions()),
            timeProvider: clock);

        var rows = new List<TraceRow>();
        var last = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var halted = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var text in File.ReadLines(file))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            using var document = JsonDocument.Parse(text);
            var line = document.RootElement;
            var session = line.GetProperty("session").GetString()!;
            if (line.TryGetProperty("message", out _))
            {
                continue;
            }

            var at = line.TryGetProperty("at", out var atProperty)
                ? DateTimeOffset.Parse(atProperty.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : last.TryGetValue(session, out var previous) ? previous.AddSeconds(1) : s_start;
            last[session] = at;
            clock.SetUtcNow(at);
            var call = new ToolCall
            {
                SessionId = session,
                UserId = line.GetProperty("user").GetString(),
                Persona = line.GetProperty("persona").GetString(),
                ToolName = line.GetProperty("tool").GetString()!,
                Arguments = line.GetProperty("args").Clone(),
                Timestamp = at,
            };
            var expect = line.TryGetProperty("expect", out var e) ? e.GetString() : null;

            var decision = engine.AuthorizeAsync(call).AsTask().GetAwaiter().GetResult();
            GuardDecision? inspected = null;
            if (decision.IsAllowed && line.TryGetProperty("result", out var resultElement))
            {
                inspected = engine.InspectResultAsync(call, ReadResult(resultElement)).AsTask().GetAwaiter().GetResult();
            }

            var outcome = decision.Verdict == GuardVerdict.Halt || inspected?.Verdict == GuardVerdict.Halt || halted.Contains(session) ? "halt"
                : decision.Verdict == GuardVerdict.Deny || inspected?.Verdict == GuardVerdict.Deny ? "deny"
                : decision.Verdict == GuardVerdict.RequireApproval ? "approval"
                : decision.Verdict == GuardVerdict.Redact || inspected?.Verdict == GuardVerdict.Redact ? "redact"
                : "allow";
            if (outcome == "halt")
            {
                halted.Add(session);
            }

            var reasons = string.Join(" | ", decision.Reasons.Concat(inspected?.Reasons ?? []));
            rows.Add(new TraceRow(number, session, call.ToolName, outcome, expect, Math.Max(decision.Score, inspected?.Score ?? 0), reasons));
        }

        return rows;
    }

    private static ToolResult ReadResult(JsonElement element)
    {
        var status = element.TryGetProperty("status", out var s) ? s.GetString() : "ok";
        return new ToolResult
        {
            Status = status switch
            {
                "denied" => ToolResultStatus.Denied,
                "error" => ToolResultStatus.Error,
                _ => ToolResultStatus.Ok,
            },
            Content = element.TryGetProperty("content", out var content) ? content.Clone() : null,
            RecordCount = element.TryGetProperty("records", out var records) ? records.GetInt64() : null,
            Resource = element.TryGetProperty("resource", out var resource) ? resource.GetString() : null,
        };
    }
}
