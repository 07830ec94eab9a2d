namespace AgentGuard;

/// <summary>What a halt applies to.</summary>
public enum HaltTarget
{
    /// <summary>One session: every further call in it is denied until resumed.</summary>
    Session = 0,

    /// <summary>One agent instance: every further call from it, in any session, is denied until resumed.</summary>
    Agent = 1,
}
