using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AgentGuard;

/// <summary>Passes each user message of an automatic-invocation chat history to an <see cref="IConversationObserver"/>
/// once.</summary>
/// <remarks>Semantic Kernel hands every automatic call the whole history, so messages are remembered by identity (the
/// kernel's own <c>ChatMessageContent</c> behind each converted message, which survives from turn to turn) and not
/// passed on again. Only <c>user</c> messages are passed: they are the delegating human's intent; what the model or a
/// tool wrote is not. Thread-safe.</remarks>
internal sealed class ConversationFeed(IConversationObserver observer, TimeProvider time)
{
    private static readonly object s_seen = new();

    private readonly ConditionalWeakTable<object, object> _observed = [];

    public async ValueTask ObserveAsync(string sessionId, IList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role != ChatRole.User || message.Text is not { Length: > 0 } text)
            {
                continue;
            }

            if (!_observed.TryAdd(message.RawRepresentation ?? message, s_seen))
            {
                continue;
            }

            await observer.ObserveMessageAsync(new ConversationMessage(sessionId, "user", text, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
    }
}
