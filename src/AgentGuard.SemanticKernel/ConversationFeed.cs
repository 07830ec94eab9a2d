using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace AgentGuard;

/// <summary>Passes each user message of an automatic-invocation chat history to an <see cref="IConversationObserver"/>
/// once.</summary>
/// <remarks>Semantic Kernel hands every automatic call the whole history, rebuilt for each request, so a message is
/// recognized by its session and a hash of its text, not by identity, and not passed on again. The memory is bounded:
/// past <see cref="Capacity"/> remembered messages it starts afresh, and a message seen again after that is passed on
/// again (observers keep fingerprints, so a repeat adds nothing). Only <c>user</c> messages are passed: they are the
/// delegating human's intent; what the model or a tool wrote is not. Thread-safe.</remarks>
internal sealed class ConversationFeed(IConversationObserver observer, TimeProvider time)
{
    internal const int Capacity = 16_384;

    private readonly ConcurrentDictionary<(string Session, string Hash), byte> _observed = new();

    public async ValueTask ObserveAsync(string sessionId, IList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role != ChatRole.User || message.Text is not { Length: > 0 } text)
            {
                continue;
            }

            var key = (sessionId, Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
            if (_observed.ContainsKey(key))
            {
                continue;
            }

            if (_observed.Count >= Capacity)
            {
                _observed.Clear();
            }

            if (_observed.TryAdd(key, 0))
            {
                await observer.ObserveMessageAsync(new ConversationMessage(sessionId, "user", text, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
