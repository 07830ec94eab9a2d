namespace AgentGuard;

/// <summary>Implemented by guards that learn from the conversation (what the delegating user asked for).</summary>
/// <remarks>Host adapters that see messages (a chat client, a trace replayer) pass them on when the guard implements
/// this interface. Implementations keep fingerprints, not raw text.</remarks>
public interface IConversationObserver
{
    /// <summary>Observes one message of a session's conversation.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the message is recorded.</returns>
    ValueTask ObserveMessageAsync(ConversationMessage message, CancellationToken cancellationToken = default);
}
