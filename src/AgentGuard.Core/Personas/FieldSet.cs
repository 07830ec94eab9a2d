using YamlDotNet.RepresentationModel;

namespace AgentGuard;

/// <summary>The known fields of one mapping, as read by <see cref="PolicyNodeReader.Fields"/>.</summary>
internal sealed class FieldSet
{
    private readonly PolicyNodeReader _reader;
    private readonly Dictionary<string, (YamlNode Value, string Path)> _fields = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="FieldSet"/> class.</summary>
    public FieldSet(PolicyNodeReader reader, YamlMappingNode mapping, string path)
    {
        _reader = reader;
        Mapping = mapping;
        Path = path;
    }

    /// <summary>Gets the mapping the fields were read from.</summary>
    public YamlMappingNode Mapping { get; }

    /// <summary>Gets the mapping's field path.</summary>
    public string Path { get; }

    /// <summary>Adds a field (duplicates were removed by the sanitizer, so the first one wins).</summary>
    public void Add(string name, YamlNode value, string path) => _fields.TryAdd(name, (value, path));

    /// <summary>Whether the field was written.</summary>
    public bool Has(string name) => _fields.ContainsKey(name);

    /// <summary>Gets a field's value node and path, when written.</summary>
    public bool TryGet(string name, out YamlNode value, out string path)
    {
        if (_fields.TryGetValue(name, out var field))
        {
            (value, path) = field;
            return true;
        }

        value = null!;
        path = PolicyNodeReader.Join(Path, name);
        return false;
    }

    /// <summary>Reads a required string field, reporting it at the mapping when it is missing.</summary>
    public string? RequiredString(string name)
    {
        if (TryGet(name, out var value, out var path))
        {
            return _reader.String(value, path);
        }

        _reader.Error(Mapping, path, $"required field '{name}' is missing");
        return null;
    }
}
