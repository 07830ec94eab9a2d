namespace AgentGuard;

/// <summary>Reads persona, catalog and user files (YAML, or JSON) into policy records, with positions for every field.</summary>
/// <remarks>
/// <para>
/// The readers check structure: syntax, unknown and missing fields, types and value ranges. Every problem is appended to the
/// error list with its file, 1-based line and column, and field path (<c>tools[1].args.customer_id.pattern</c>); nothing is
/// thrown for bad input. Semantic rules (id format, regular expressions, thresholds order, duplicates across files) are
/// left to <see cref="PolicyBuilder"/>, which locates its errors through the returned <see cref="PolicySourceMap"/>.
/// </para>
/// <para>
/// JSON (a <c>.json</c> file, or text starting with <c>{</c>) is validated with System.Text.Json, then read through the
/// same YAML reader. Refused outright: files over 1 MB, YAML anchors, aliases, merge keys and tags, duplicate keys, and
/// nesting deeper than <see cref="YamlEventSanitizer.MaxDepth"/>. Scalars are read by their text whatever their quoting
/// (<c>"50"</c> is the number 50 where a number is expected); booleans are <c>true</c>/<c>false</c> in any case, never
/// <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>; enumerated values (<c>maturity</c>, <c>risk</c>, DLP actions) are case-insensitive;
/// numbers use the invariant culture and must be finite; a whole number may be written <c>5</c>, <c>5.0</c> or <c>5e0</c>.
/// Descriptions lose trailing whitespace (a folded <c>&gt;</c> block ends with a newline); nothing else is trimmed.
/// </para>
/// </remarks>
internal static partial class PolicyFileReader
{
    /// <summary>Reads the persona(s) in one file; structural problems are appended to <paramref name="errors"/>.</summary>
    /// <param name="path">The file, for messages and <see cref="Persona.Source"/>.</param>
    /// <param name="text">Its contents.</param>
    /// <param name="errors">Where problems are appended.</param>
    /// <returns>Each persona without a structural error, with its own source map (paths relative to the persona).</returns>
    /// <remarks>A YAML file may hold several personas separated by <c>---</c>; a JSON file holds one object, or an array of
    /// them. A persona with any error is not returned, but all its errors are reported.</remarks>
    public static IReadOnlyList<(Persona Persona, PolicySourceMap Map)> ReadPersonas(string path, string text, List<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var first = errors.Count;
        var personas = ReadPersonaFile(path, text, errors);
        InFileOrder(errors, first);
        return personas;
    }

    /// <summary>Reads a catalog file; the map's paths are <c>tools[i]...</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">Its contents.</param>
    /// <param name="errors">Where problems are appended.</param>
    /// <returns>Every tool, or none when the file has any error (the builder locates its own errors by index, so entries
    /// are never dropped one by one).</returns>
    public static (IReadOnlyList<CatalogTool> Tools, PolicySourceMap Map) ReadCatalog(string path, string text, List<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var first = errors.Count;
        var result = Load(path, text, errors, "no tool catalog") is { } file && Single(path, file, errors, "a catalog") is { } document
            ? ReadCatalogDocument(path, document, file.Placeholders, errors)
            : ([], new PolicySourceMap(path));
        InFileOrder(errors, first);
        return result;
    }

    /// <summary>Reads a users file; the map's paths are <c>users.{id}...</c>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="text">Its contents.</param>
    /// <param name="errors">Where problems are appended.</param>
    /// <returns>Each user without an error (a user left out may use nothing), or none when the file itself is malformed.</returns>
    public static (IReadOnlyList<UserEntitlement> Users, PolicySourceMap Map) ReadUsers(string path, string text, List<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var first = errors.Count;
        var result = Load(path, text, errors, "no users") is { } file && Single(path, file, errors, "a users") is { } document
            ? ReadUsersDocument(path, document, file.Placeholders, errors)
            : ([], new PolicySourceMap(path));
        InFileOrder(errors, first);
        return result;
    }

    // Problems are found in passes (sanitizer, then fields); report them in the order they appear in the file.
    private static void InFileOrder(List<PolicyError> errors, int first)
    {
        if (errors.Count - first < 2)
        {
            return;
        }

        var sorted = errors.GetRange(first, errors.Count - first).OrderBy(static e => e.Line ?? 0).ThenBy(static e => e.Column ?? 0).ToList();
        errors.RemoveRange(first, sorted.Count);
        errors.AddRange(sorted);
    }

    private static List<(Persona, PolicySourceMap)> ReadPersonaFile(string path, string text, List<PolicyError> errors)
    {
        if (Load(path, text, errors, "no persona") is not { } file)
        {
            return [];
        }

        var personas = new List<(Persona, PolicySourceMap)>();
        foreach (var document in file.Documents)
        {
            if (file.IsJson && document.Root is YamlDotNet.RepresentationModel.YamlSequenceNode array)
            {
                if (array.Children.Count == 0)
                {
                    errors.Add(new PolicyError(path, Position(array.Start.Line), Position(array.Start.Column), string.Empty, "the JSON array holds no persona"));
                }

                foreach (var item in array.Children)
                {
                    AddPersona(personas, ReadPersona(path, item, document.HasErrors, file.Placeholders, errors));
                }
            }
            else
            {
                AddPersona(personas, ReadPersona(path, document.Root, document.HasErrors, file.Placeholders, errors));
            }
        }

        return personas;

        static void AddPersona(List<(Persona, PolicySourceMap)> personas, (Persona, PolicySourceMap)? persona)
        {
            if (persona is { } read)
            {
                personas.Add(read);
            }
        }
    }
}
