namespace AgentGuard;

/// <summary>What a persona does with an argument value of one lineage class (see <see cref="LineagePolicy"/>).</summary>
public enum LineageAction
{
    /// <summary>The call proceeds; nothing is recorded.</summary>
    Allow = 0,

    /// <summary>The call proceeds; the finding is recorded and the session's behavior score rises by <see cref="LineagePolicy.Score"/>.</summary>
    Score = 1,

    /// <summary>A human must approve the call.</summary>
    Approval = 2,

    /// <summary>The call is refused.</summary>
    Deny = 3,
}
