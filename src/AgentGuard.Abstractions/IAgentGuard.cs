namespace AgentGuard;

/// <summary>The one engine interface every host adapter asks: before a tool runs, and after it returns.</summary>
/// <remarks>
/// Implementations are thread-safe. They never throw to say "deny": a refusal is a <see cref="GuardDecision"/>.
/// They throw only for programming errors (null arguments) and cancellation. The in-process engine and the
/// remote client implement this same interface, so moving enforcement out of process is a configuration change.
/// </remarks>
public interface IAgentGuard
{
    /// <summary>Decides whether a tool call may run.</summary>
    /// <param name="toolCall">The attempted call.</param>
    /// <param name="cancellationToken">A token to cancel the evaluation.</param>
    /// <returns>The decision; when <see cref="GuardDecision.RedactedArguments"/> is set, the tool must run with those arguments.</returns>
    ValueTask<GuardDecision> AuthorizeAsync(ToolCall toolCall, CancellationToken cancellationToken = default);

    /// <summary>Inspects what a tool returned before the model sees it.</summary>
    /// <param name="toolCall">The call that produced the result (as authorized).</param>
    /// <param name="result">What the tool returned.</param>
    /// <param name="cancellationToken">A token to cancel the evaluation.</param>
    /// <returns>The decision; when <see cref="GuardDecision.RedactedResult"/> is set, the model must see that instead.</returns>
    ValueTask<GuardDecision> InspectResultAsync(ToolCall toolCall, ToolResult result, CancellationToken cancellationToken = default);

    /// <summary>Halts a session or an agent: every further call is denied until <see cref="ResumeAsync"/>.</summary>
    /// <param name="target">Whether <paramref name="id"/> names a session or an agent.</param>
    /// <param name="id">The session or agent id.</param>
    /// <param name="reason">Why, for the audit trail and for people.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the halt is recorded.</returns>
    ValueTask HaltAsync(HaltTarget target, string id, string reason, CancellationToken cancellationToken = default);

    /// <summary>Lifts a halt on a session or an agent.</summary>
    /// <param name="target">Whether <paramref name="id"/> names a session or an agent.</param>
    /// <param name="id">The session or agent id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when a halt was lifted; <see langword="false"/> when none was in force.</returns>
    ValueTask<bool> ResumeAsync(HaltTarget target, string id, CancellationToken cancellationToken = default);
}
