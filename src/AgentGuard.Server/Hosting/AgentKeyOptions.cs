namespace AgentGuard;

/// <summary>One agent instance: its id, the persona it runs as, and the stored forms of its inside keys.</summary>
public sealed class AgentKeyOptions
{
    /// <summary>Gets or sets the agent instance's id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets or sets the persona the agent runs as; the client cannot choose another.</summary>
    public string Persona { get; set; } = string.Empty;

    /// <summary>Gets the stored keys (<c>{id}:{sha256 hex}</c> from <see cref="InsideKeys.Create"/>); several during a rotation.</summary>
    public IList<string> Keys { get; } = [];
}
