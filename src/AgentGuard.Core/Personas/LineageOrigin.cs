namespace AgentGuard;

/// <summary>Where an argument value came from, as data lineage classifies it.</summary>
/// <remarks>When a value is found in several places the most trusted one wins, in the order of the members.</remarks>
public enum LineageOrigin
{
    /// <summary>The delegating user's own messages name it (trusted intent).</summary>
    User = 0,

    /// <summary>The persona declares it: a <c>lineage.trusted</c> value or an <c>enum</c> value of an argument constraint.</summary>
    Persona = 1,

    /// <summary>Only tool results hold it, and one of them came from a resource the user's messages name ("pay the bill in this file").</summary>
    NamedResult = 2,

    /// <summary>Only tool results hold it, none of them from a resource the user named (an e-mail, a web page, a file the agent chose).</summary>
    ToolResult = 3,

    /// <summary>It appears nowhere: neither asked for, nor declared, nor read — the model produced it.</summary>
    Unknown = 4,
}
