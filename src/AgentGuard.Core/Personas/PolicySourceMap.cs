namespace AgentGuard;

/// <summary>Where each field of a loaded document was written: maps field paths to file positions.</summary>
/// <remarks>
/// The file readers record a position for every field path they read (<c>tools[1].args.customer_id.pattern</c>);
/// semantic validation then reports errors at the exact line. A path with no entry falls back to its nearest parent.
/// </remarks>
public sealed class PolicySourceMap
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="PolicySourceMap"/> class.</summary>
    /// <param name="file">The file the positions refer to.</param>
    public PolicySourceMap(string file) => File = file;

    /// <summary>Gets the file the positions refer to.</summary>
    public string File { get; }

    /// <summary>Records where a field was written.</summary>
    /// <param name="fieldPath">The field path; the empty string for the document root.</param>
    /// <param name="line">The 1-based line.</param>
    /// <param name="column">The 1-based column.</param>
    public void Add(string fieldPath, int line, int column) => _positions[fieldPath] = (line, column);

    /// <summary>Creates an error located at <paramref name="fieldPath"/> (or its nearest recorded parent).</summary>
    /// <param name="fieldPath">The field path.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="severity">The severity.</param>
    /// <returns>The located error.</returns>
    public PolicyError Error(string fieldPath, string message, PolicySeverity severity = PolicySeverity.Error)
    {
        var (line, column) = Locate(fieldPath);
        return new PolicyError(File, line, column, fieldPath, message, severity);
    }

    /// <summary>Finds the position of <paramref name="fieldPath"/> or of its nearest recorded parent.</summary>
    /// <param name="fieldPath">The field path.</param>
    /// <returns>The position, or nulls when nothing is recorded.</returns>
    public (int? Line, int? Column) Locate(string fieldPath)
    {
        var path = fieldPath ?? string.Empty;
        while (true)
        {
            if (_positions.TryGetValue(path, out var position))
            {
                return (position.Line, position.Column);
            }

            if (path.Length == 0)
            {
                return (null, null);
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut <= 0 ? string.Empty : path[..cut];
        }
    }
}
