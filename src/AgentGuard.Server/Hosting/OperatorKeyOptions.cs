namespace AgentGuard;

/// <summary>One operator: an id and the stored forms of its keys.</summary>
public sealed class OperatorKeyOptions
{
    /// <summary>Gets or sets the operator's id (recorded as the approver).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets the stored keys (<c>{id}:{sha256 hex}</c>).</summary>
    public IList<string> Keys { get; } = [];
}
