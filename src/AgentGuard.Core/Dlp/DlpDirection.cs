namespace AgentGuard;

/// <summary>Which way data is flowing when it is scanned; the persona's <see cref="DlpPolicy"/> sets an action for each.</summary>
public enum DlpDirection
{
    /// <summary>The arguments of a tool that is not an egress tool.</summary>
    Arguments = 0,

    /// <summary>The arguments of an egress tool (data leaving the organisation).</summary>
    EgressArguments = 1,

    /// <summary>A tool's result, before the model sees it.</summary>
    Results = 2,
}
