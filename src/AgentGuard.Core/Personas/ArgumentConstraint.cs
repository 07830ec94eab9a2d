namespace AgentGuard;

/// <summary>The constraints on one tool argument, as a persona declares them.</summary>
/// <remarks>
/// For an array value, the scalar constraints apply to every element. <see cref="Pattern"/> uses ordinary regular
/// expression search semantics (as JSON Schema does): anchor it with <c>^…$</c> to constrain the whole value.
/// </remarks>
public sealed record ArgumentConstraint
{
    /// <summary>Gets a regular expression the value must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>Gets the values allowed, compared ordinally.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>Gets the smallest numeric value allowed.</summary>
    public double? Min { get; init; }

    /// <summary>Gets the largest numeric value allowed.</summary>
    public double? Max { get; init; }

    /// <summary>Gets the longest string allowed, in characters.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Gets the e-mail domains allowed (a domain also allows its subdomains).</summary>
    public IReadOnlyList<string>? AllowedDomains { get; init; }

    /// <summary>Gets the URL hosts allowed (<c>*.example.com</c> allows subdomains; <c>host:port</c> pins a port).</summary>
    public IReadOnlyList<string>? AllowedHosts { get; init; }

    /// <summary>Gets a value indicating whether wildcards and match-everything patterns are refused.</summary>
    public bool DenyWildcards { get; init; }

    /// <summary>Gets a value indicating whether the argument must be present and not null.</summary>
    public bool Required { get; init; }
}
