namespace AgentGuard;

/// <summary>Where one sensitive argument value came from.</summary>
/// <param name="Argument">The argument's path (<c>to</c>, <c>to[1]</c>, <c>payee.iban</c>).</param>
/// <param name="Kind">What the value is.</param>
/// <param name="Origin">The lineage class.</param>
/// <param name="Sources">The results that hold it (for result classes), newest first.</param>
/// <param name="JoinedWith">The other argument, when the value was found only by joining two (a split address).</param>
internal sealed record LineageFinding(string Argument, LineageValueKind Kind, LineageOrigin Origin, IReadOnlyList<LineageSource> Sources, string? JoinedWith = null);
