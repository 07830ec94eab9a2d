namespace AgentGuard;

/// <summary>Why the trusted tool registry refused a tool.</summary>
public enum McpRefusalKind
{
    /// <summary>The server is not in the lock file (not on the allowlist).</summary>
    ServerNotAllowed = 0,

    /// <summary>The server is started or reached differently than when it was pinned (command, arguments or URL).</summary>
    ServerChanged = 1,

    /// <summary>The server's publisher signature is missing or does not verify against the configured keys.</summary>
    SignatureInvalid = 2,

    /// <summary>The tool is new: it was not offered when the server was pinned.</summary>
    Added = 3,

    /// <summary>The tool's definition differs from the pinned one (a possible rug pull).</summary>
    Changed = 4,

    /// <summary>A pinned tool is no longer offered.</summary>
    Removed = 5,

    /// <summary>The tool's definition carries poisoning findings at or above the refusal severity.</summary>
    Poisoned = 6,

    /// <summary>The server offers the name more than once, or the definition is unusable.</summary>
    Invalid = 7,
}
