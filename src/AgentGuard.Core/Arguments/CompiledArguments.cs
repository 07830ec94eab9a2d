using System.Text.Json;

namespace AgentGuard;

/// <summary>A grant's argument constraints, compiled once: regexes built, lists frozen.</summary>
internal sealed class CompiledArguments
{
    private readonly string[] _names;
    private readonly CompiledConstraint[] _constraints;
    private readonly string[] _required;

    public CompiledArguments(IReadOnlyDictionary<string, ArgumentConstraint> constraints)
    {
        _names = [.. constraints.Keys];
        _constraints = [.. _names.Select(n => new CompiledConstraint(n, constraints[n]))];
        _required = [.. constraints.Where(static kv => kv.Value.Required).Select(static kv => kv.Key)];
    }

    /// <summary>Checks the arguments; appends every violation to <paramref name="violations"/> (allocated only on the first).</summary>
    /// <remarks>Allocation-free when the arguments comply: property names are compared in place, never materialised.</remarks>
    public void Check(JsonElement arguments, ref List<ArgumentViolation>? violations)
    {
        if (arguments.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            foreach (var name in _required)
            {
                Add(ref violations, new("args.required", name, $"argument '{name}' is required"));
            }

            return;
        }

        if (arguments.ValueKind != JsonValueKind.Object)
        {
            Add(ref violations, new("args.not_object", string.Empty, "arguments must be a JSON object"));
            return;
        }

        Span<byte> seen = _names.Length <= 128 ? stackalloc byte[_names.Length] : new byte[_names.Length];
        foreach (var property in arguments.EnumerateObject())
        {
            var index = IndexOf(property);
            if (index < 0)
            {
                Add(ref violations, new("args.unknown", property.Name, $"argument '{Printable(property.Name)}' is not allowed by the persona"));
                continue;
            }

            if (seen[index]++ == 1)
            {
                // Duplicate keys let a payload show one value to the guard and another to a last-wins tool.
                Add(ref violations, new("args.duplicate", _names[index], $"argument '{_names[index]}' is given more than once"));
            }

            _constraints[index].Check(property.Value, ref violations);
        }

        foreach (var name in _required)
        {
            if (!arguments.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Add(ref violations, new("args.required", name, $"argument '{name}' is required"));
            }
        }
    }

    private int IndexOf(JsonProperty property)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (property.NameEquals(_names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    internal static void Add(ref List<ArgumentViolation>? violations, ArgumentViolation violation) =>
        (violations ??= []).Add(violation);

    /// <summary>Bounds and sanitises attacker-controlled text before it is echoed into a reason.</summary>
    internal static string Printable(string value)
    {
        const int Max = 64;
        var span = value.AsSpan(0, Math.Min(value.Length, Max));
        var chars = new char[span.Length];
        for (var i = 0; i < span.Length; i++)
        {
            chars[i] = char.IsControl(span[i]) || char.IsSurrogate(span[i]) || span[i] is '\u200B' or '\u200E' or '\u200F' or '\u202E' ? '?' : span[i];
        }

        return value.Length > Max ? new string(chars) + "…" : new string(chars);
    }
}
