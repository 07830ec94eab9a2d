using System.Text.Json;

namespace AgentGuard;

/// <summary>One line of a trace file: a tool-call attempt, or a context line recording what a person said.</summary>
public sealed record TraceEntry
{
    /// <summary>Gets the 1-based line number in the trace file.</summary>
    public required int Line { get; init; }

    /// <summary>Gets the session.</summary>
    public required string Session { get; init; }

    /// <summary>Gets when it happened (explicit <c>at</c>, or one second after the session's previous line).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Gets the call, or <see langword="null"/> for a context line.</summary>
    public ToolCall? Call { get; init; }

    /// <summary>Gets what the tool returned if it ran, when recorded.</summary>
    public ToolResult? Result { get; init; }

    /// <summary>Gets the outcome the persona is meant to produce, when stated.</summary>
    public TraceOutcome? Expect { get; init; }

    /// <summary>Gets the role of a context line's message (<c>user</c> or <c>system</c>).</summary>
    public string? MessageRole { get; init; }

    /// <summary>Gets a context line's message text.</summary>
    public string? MessageContent { get; init; }

    /// <summary>Gets a value indicating whether this is a context line (not a call).</summary>
    public bool IsContext => Call is null;

    internal static JsonElement EmptyObject => ToolCall.EmptyArguments;
}
