namespace AgentGuard;

/// <summary>What one user may use: tool names or globs, and capabilities.</summary>
public sealed record UserEntitlement
{
    /// <summary>Gets the user's id.</summary>
    public required string UserId { get; init; }

    /// <summary>Gets the tool names or globs the user may use.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Gets the capabilities whose catalog tools the user may use.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];
}
