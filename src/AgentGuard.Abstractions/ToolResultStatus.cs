namespace AgentGuard;

/// <summary>How a tool invocation ended, as the backend reported it.</summary>
public enum ToolResultStatus
{
    /// <summary>The tool ran and returned a result.</summary>
    Ok = 0,

    /// <summary>The backend refused the call (401/403, "permission denied", <see cref="UnauthorizedAccessException"/>).</summary>
    Denied = 1,

    /// <summary>The tool failed for another reason.</summary>
    Error = 2,
}
