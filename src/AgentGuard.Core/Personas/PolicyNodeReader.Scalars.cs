using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentGuard;

internal sealed partial class PolicyNodeReader
{
    /// <summary>Reads a string: any scalar with a value.</summary>
    public string? String(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            return scalar.Value ?? string.Empty;
        }

        Error(node, path, $"{Leaf(path)} must be a string, not {Describe(node)}");
        return null;
    }

    /// <summary>Reads <c>true</c> or <c>false</c> (any case); YAML 1.1 spellings such as <c>yes</c> are refused.</summary>
    public bool? Bool(YamlNode node, string path)
    {
        if (Text(node, path, "true or false") is not { } text)
        {
            return null;
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var legacy = text.ToUpperInvariant() is "YES" or "NO" or "ON" or "OFF" or "Y" or "N";
        Error(node, path, legacy
            ? $"{Leaf(path)} must be true or false, not '{text}' (YAML 1.1 spellings such as yes/no/on/off are ambiguous: write true or false)"
            : $"{Leaf(path)} must be true or false, not '{text}'");
        return null;
    }

    /// <summary>Reads a whole number between <paramref name="min"/> and <paramref name="max"/>: decimal digits with an optional
    /// sign, or a decimal or exponent form whose value is whole (<c>5.0</c>, <c>1e2</c>), as JSON Schema's <c>integer</c>.</summary>
    public long? Integer(YamlNode node, string path, long min, long max)
    {
        var expected = min switch
        {
            0 => "a non-negative whole number",
            1 => "a positive whole number",
            _ => "a whole number",
        };
        if (Text(node, path, expected) is not { } text)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            // JSON Schema's "integer" admits 5.0 and 1e2, so the reader does too, as long as the value is whole.
            const NumberStyles decimalStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
            if (decimal.TryParse(trimmed, decimalStyles, CultureInfo.InvariantCulture, out var number)
                && number == decimal.Truncate(number) && number is >= long.MinValue and <= long.MaxValue)
            {
                value = (long)number;
            }
            else
            {
                var why = IsDigits(trimmed.TrimStart('-', '+')) ? " (too large)" : string.Empty;
                Error(node, path, $"{Leaf(path)} must be {expected}, not '{text}'{why}");
                return null;
            }
        }

        if (value < min || value > max)
        {
            var why = value < min ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (at most {max})");
            Error(node, path, $"{Leaf(path)} must be {expected}, not {value}{why}");
            return null;
        }

        return value;
    }

    /// <summary>Reads a finite number (invariant culture; NaN and infinities are refused).</summary>
    public double? Number(YamlNode node, string path)
    {
        if (Text(node, path, "a number") is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(node, path, $"{Leaf(path)} must be a finite number, not '{text}'");
            return null;
        }

        return value;
    }

    /// <summary>Reads one of a fixed set of names (any case).</summary>
    public T? Choice<T>(YamlNode node, string path, (string Name, T Value)[] choices)
        where T : struct
    {
        var expected = "one of " + string.Join(", ", choices.Select(static c => c.Name));
        if (Text(node, path, expected) is not { } text)
        {
            return null;
        }

        foreach (var (name, value) in choices)
        {
            if (name.Equals(text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        Error(node, path, $"{Leaf(path)} must be {expected}, not '{text}'");
        return null;
    }

    /// <summary>Reads a scalar value of an argument enum as the text the argument check compares: booleans as
    /// <c>true</c>/<c>false</c>, numbers and strings as written.</summary>
    public string? EnumValue(YamlNode node, string path)
    {
        if (Text(node, path, "a string, number or boolean") is not { } text)
        {
            return null;
        }

        var plain = ((YamlScalarNode)node).Style == ScalarStyle.Plain;
        if (plain && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase)))
        {
            return text.ToLowerInvariant();
        }

        return text;
    }

    /// <summary>Whether a scalar is YAML's "no value": a plain empty, <c>~</c> or <c>null</c>.</summary>
    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Describes a node for messages: its value, or its kind.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{Shorten(s.Value ?? string.Empty)}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an unsupported node",
    };

    private string? Text(YamlNode node, string path, string expected)
    {
        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            return scalar.Value ?? string.Empty;
        }

        Error(node, path, $"{Leaf(path)} must be {expected}, not {Describe(node)}");
        return null;
    }

    private static string Leaf(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? path : path[(dot + 1)..];
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 37), "...");
}
