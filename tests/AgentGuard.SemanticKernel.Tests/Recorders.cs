using System.Collections.Concurrent;

namespace AgentGuard.SemanticKernel.Tests;

/// <summary>Sees every decision the engine makes, as the audit trail does.</summary>
internal sealed class DecisionRecorder : IDecisionListener
{
    public ConcurrentQueue<DecisionEvent> Events { get; } = new();

    public IReadOnlyList<DecisionEvent> Authorizations => [.. Events.Where(e => e.Stage == DecisionStage.Authorize)];

    public ValueTask OnDecisionAsync(DecisionEvent decisionEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(decisionEvent);
        return default;
    }
}

/// <summary>Records the conversation messages passed to it.</summary>
internal sealed class ConversationRecorder : IConversationObserver
{
    public ConcurrentQueue<ConversationMessage> Messages { get; } = new();

    public ValueTask ObserveMessageAsync(ConversationMessage message, CancellationToken cancellationToken = default)
    {
        Messages.Enqueue(message);
        return default;
    }
}
