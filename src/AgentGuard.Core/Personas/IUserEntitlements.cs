namespace AgentGuard;

/// <summary>Tells which tools a delegating user may use; a call is allowed only inside persona ∩ user.</summary>
/// <remarks>Implementations must be thread-safe and fast (they run on every call); a user they do not know gets nothing.</remarks>
public interface IUserEntitlements
{
    /// <summary>Decides whether <paramref name="userId"/> may use <paramref name="toolName"/>.</summary>
    /// <param name="userId">The delegating user.</param>
    /// <param name="toolName">The tool's name.</param>
    /// <param name="catalogTool">The tool's catalog entry (its capabilities), or <see langword="null"/> when not cataloged.</param>
    /// <returns><see langword="true"/> when the user is entitled to the tool.</returns>
    bool IsEntitled(string userId, string toolName, CatalogTool? catalogTool);
}
