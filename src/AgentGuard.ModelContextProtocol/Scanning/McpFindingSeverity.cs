namespace AgentGuard;

/// <summary>How strongly a tool-poisoning finding suggests that a definition carries instructions aimed at the model.</summary>
/// <remarks>The numeric order is meaningful: a refusal threshold refuses findings at or above it.</remarks>
public enum McpFindingSeverity
{
    /// <summary>Worth a look (pressure words, very long descriptions); never refused by default.</summary>
    Low = 1,

    /// <summary>Suspicious on its own (an encoded blob, an address to send data to, a reference to other tools).</summary>
    Medium = 2,

    /// <summary>An instruction aimed at the model, a hidden payload or a reach for secrets: refused by default.</summary>
    High = 3,
}
