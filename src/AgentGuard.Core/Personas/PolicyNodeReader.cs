using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace AgentGuard;

/// <summary>Reads typed values out of one YAML document, recording where every field was written and reporting
/// every structural problem (wrong type, unknown or missing field) as a located <see cref="PolicyError"/>.</summary>
/// <remarks>
/// Readers never throw for bad input: they report and return <see langword="null"/>, then carry on, so one pass finds
/// every problem of the document. Scalars are read by their text whatever their quoting: <c>"50"</c> is read as 50 where a
/// number is expected and <c>50</c> as <c>"50"</c> where a string is. A plain <c>~</c>, <c>null</c> or empty value is "no
/// value" and is refused wherever a value is expected.
/// </remarks>
internal sealed partial class PolicyNodeReader
{
    private readonly List<PolicyError> _errors;
    private readonly IReadOnlySet<long> _placeholders;

    /// <summary>Initializes a new instance of the <see cref="PolicyNodeReader"/> class.</summary>
    /// <param name="file">The file being read.</param>
    /// <param name="errors">Where problems are appended.</param>
    /// <param name="placeholders">Start indexes of nodes that replaced refused aliases: already reported.</param>
    public PolicyNodeReader(string file, List<PolicyError> errors, IReadOnlySet<long> placeholders)
    {
        _errors = errors;
        _placeholders = placeholders;
        Map = new PolicySourceMap(file);
    }

    /// <summary>Gets the positions recorded so far.</summary>
    public PolicySourceMap Map { get; }

    /// <summary>Gets how many errors this reader reported.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Records where a field was written.</summary>
    public void Record(string path, YamlNode node) => Map.Add(path, Line(node), Column(node));

    /// <summary>Reports a problem at <paramref name="node"/>, unless the node stands for an alias already reported.</summary>
    public void Error(YamlNode node, string path, string message)
    {
        if (_placeholders.Contains(node.Start.Index))
        {
            return;
        }

        ErrorCount++;
        _errors.Add(new PolicyError(Map.File, Line(node), Column(node), path, message));
    }

    /// <summary>Reads a mapping whose keys must be among <paramref name="allowed"/>; reports unknown fields.</summary>
    /// <param name="node">The node.</param>
    /// <param name="path">Its field path.</param>
    /// <param name="what">What it is, for messages ("a tool grant").</param>
    /// <param name="allowed">The field names allowed.</param>
    /// <param name="hint">Added to the message when the node is not a mapping.</param>
    /// <returns>The known fields, or <see langword="null"/> when the node is not a mapping.</returns>
    public FieldSet? Fields(YamlNode node, string path, string what, string[] allowed, string? hint = null)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"{what} must be a mapping of fields, not {Describe(node)}{hint}");
            return null;
        }

        var fields = new FieldSet(this, mapping, path);
        foreach (var (key, value) in mapping.Children)
        {
            if (!TryKey(key, path, out var name))
            {
                continue;
            }

            var fieldPath = Join(path, name);
            if (Array.IndexOf(allowed, name) < 0)
            {
                Error(key, fieldPath, $"unknown field '{name}' in {what}{Suggest(name, allowed)}; allowed fields: {string.Join(", ", allowed)}");
                continue;
            }

            Record(fieldPath, key);
            fields.Add(name, value, fieldPath);
        }

        return fields;
    }

    /// <summary>Reads a mapping whose keys are free names (argument names, user ids).</summary>
    /// <returns>The entries, each with its field path, or <see langword="null"/> when the node is not a mapping.</returns>
    public List<(string Name, YamlNode Value, string Path)>? Entries(YamlNode node, string path, string what)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"{what} must be a mapping, not {Describe(node)}");
            return null;
        }

        var entries = new List<(string, YamlNode, string)>(mapping.Children.Count);
        foreach (var (key, value) in mapping.Children)
        {
            if (!TryKey(key, path, out var name))
            {
                continue;
            }

            var entryPath = Join(path, name);
            Record(entryPath, key);
            entries.Add((name, value, entryPath));
        }

        return entries;
    }

    /// <summary>Reads a list.</summary>
    /// <returns>The list, or <see langword="null"/> (reported) when the node is something else.</returns>
    public YamlSequenceNode? Sequence(YamlNode node, string path, string what, string? hint = null)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        Error(node, path, $"{what} must be a list, not {Describe(node)}{hint}");
        return null;
    }

    /// <summary>Reads a list of strings, recording each item as <c>path[i]</c>.</summary>
    public List<string>? StringList(YamlNode node, string path, string what)
    {
        if (Sequence(node, path, what, node is YamlScalarNode s && !IsNull(s) ? $" (write [{s.Value}])" : null) is not { } sequence)
        {
            return null;
        }

        var items = new List<string>(sequence.Children.Count);
        var ok = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = Index(path, i);
            Record(itemPath, sequence.Children[i]);
            if (String(sequence.Children[i], itemPath) is { } item)
            {
                items.Add(item);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? items : null;
    }

    /// <summary>Appends a field name to a path.</summary>
    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>Appends a list index to a path.</summary>
    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    // The sanitizer already drops non-scalar keys; this keeps the reader safe on any node tree.
    private bool TryKey(YamlNode key, string path, out string name)
    {
        if (key is YamlScalarNode scalar)
        {
            name = scalar.Value ?? string.Empty;
            return true;
        }

        Error(key, path, "a key must be a plain name, not a mapping or a list");
        name = string.Empty;
        return false;
    }

    private static string Suggest(string name, string[] allowed)
    {
        var normalized = name.Replace('-', '_').Trim();
        foreach (var candidate in allowed)
        {
            if (candidate.Equals(normalized, StringComparison.OrdinalIgnoreCase)
                || candidate.Equals(normalized + "s", StringComparison.OrdinalIgnoreCase)
                || (candidate + "s").Equals(normalized, StringComparison.OrdinalIgnoreCase))
            {
                return $" (did you mean '{candidate}'?)";
            }
        }

        return string.Empty;
    }

    private static int Line(YamlNode node) => (int)Math.Min(node.Start.Line, int.MaxValue);

    private static int Column(YamlNode node) => (int)Math.Min(node.Start.Column, int.MaxValue);
}
