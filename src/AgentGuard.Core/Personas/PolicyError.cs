namespace AgentGuard;

/// <summary>One problem found while loading or validating personas, the catalog or user entitlements.</summary>
/// <param name="File">The file, or <see langword="null"/> for policy built in code.</param>
/// <param name="Line">The 1-based line, when known.</param>
/// <param name="Column">The 1-based column, when known.</param>
/// <param name="Field">The field path, for example <c>tools[1].args.customer_id.pattern</c>.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
/// <param name="Severity">Whether it stops loading (<see cref="PolicySeverity.Error"/>) or is only reported.</param>
public sealed record PolicyError(string? File, int? Line, int? Column, string Field, string Message, PolicySeverity Severity = PolicySeverity.Error)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = File ?? "<code>";
        if (Line is { } line)
        {
            where += Column is { } column ? $":{line}:{column}" : $":{line}";
        }

        var severity = Severity == PolicySeverity.Error ? "error" : "warning";
        return string.IsNullOrEmpty(Field) ? $"{where}: {severity}: {Message}" : $"{where}: {severity}: {Field}: {Message}";
    }
}
