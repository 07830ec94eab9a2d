namespace AgentGuard;

/// <summary>How far a persona is trusted to act without a human; with a tool's risk it decides approval.</summary>
/// <remarks>intern: every call needs approval; junior: medium and high risk; senior: high risk; principal: none.</remarks>
public enum Maturity
{
    /// <summary>A human approves every action.</summary>
    Intern = 0,

    /// <summary>Medium- and high-risk actions need approval.</summary>
    Junior = 1,

    /// <summary>Only high-risk actions need approval.</summary>
    Senior = 2,

    /// <summary>No action needs approval.</summary>
    Principal = 3,
}
