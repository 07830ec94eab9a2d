namespace AgentGuard;

/// <summary>A persona's <c>lineage:</c> section: what each lineage class of a sensitive argument value gets.</summary>
/// <remarks>
/// An action left unset (<see langword="null"/>) takes the default for the persona's maturity (see <see cref="Resolve"/>):
/// <list type="table">
/// <item><term>user, persona</term><description>allow</description></item>
/// <item><term>named_result</term><description>approval for intern, junior and senior; allow for principal</description></item>
/// <item><term>tool_result</term><description>approval for intern, junior and senior; score for principal</description></item>
/// <item><term>unknown</term><description>approval for intern and junior; score for senior and principal</description></item>
/// </list>
/// </remarks>
public sealed record LineagePolicy
{
    /// <summary>Gets the action for values the user's messages name.</summary>
    public LineageAction? User { get; init; }

    /// <summary>Gets the action for values the persona declares.</summary>
    public LineageAction? Persona { get; init; }

    /// <summary>Gets the action for values found only in results of resources the user named.</summary>
    public LineageAction? NamedResult { get; init; }

    /// <summary>Gets the action for values found only in tool results the user did not point at.</summary>
    public LineageAction? ToolResult { get; init; }

    /// <summary>Gets the action for values found nowhere (produced by the model).</summary>
    public LineageAction? Unknown { get; init; }

    /// <summary>Gets how much a <see cref="LineageAction.Score"/> finding adds to the session's behavior score.</summary>
    /// <value>The default value is 30.</value>
    public double Score { get; init; } = 30;

    /// <summary>Gets values the persona itself vouches for (a fixed internal recipient, the company's own IBAN, an intranet URL).</summary>
    /// <value>The default value is an empty list. <c>enum</c> values of the persona's argument constraints count as well.</value>
    public IReadOnlyList<string> Trusted { get; init; } = [];

    /// <summary>Gets the action for a class, applying the maturity defaults to unset actions.</summary>
    /// <param name="origin">The lineage class.</param>
    /// <param name="maturity">The persona's maturity.</param>
    /// <returns>The action.</returns>
    public LineageAction Resolve(LineageOrigin origin, Maturity maturity) => origin switch
    {
        LineageOrigin.User => User ?? LineageAction.Allow,
        LineageOrigin.Persona => Persona ?? LineageAction.Allow,
        LineageOrigin.NamedResult => NamedResult ?? (maturity == Maturity.Principal ? LineageAction.Allow : LineageAction.Approval),
        LineageOrigin.ToolResult => ToolResult ?? (maturity == Maturity.Principal ? LineageAction.Score : LineageAction.Approval),
        _ => Unknown ?? (maturity <= Maturity.Junior ? LineageAction.Approval : LineageAction.Score),
    };
}
