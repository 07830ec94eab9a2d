using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentGuard.Cli.Inference;

/// <summary>Derives one argument's constraint from the values an agent was seen to pass: the tightest shape that all of
/// them fit (an id pattern, e-mail domains, URL hosts, a small set of words, a numeric range), else a length bound.</summary>
/// <remarks>Every observed value satisfies the constraint returned, so a draft never refuses the behavior it was
/// drawn from; limits carry the caller's headroom and are rounded up to nice numbers.</remarks>
internal static partial class ArgumentShapes
{
    private const int MaxDistinctDomains = 10;
    private const int MaxEnumValues = 6;
    private const int MaxIdentifierLength = 64;

    public static (ArgumentConstraint Constraint, string Note) Infer(string name, IReadOnlyList<JsonElement> values, int calls, double headroom)
    {
        var required = values.Count == calls && calls > 0;
        var scalars = new List<JsonElement>();
        foreach (var value in values)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        return (new ArgumentConstraint { Required = required }, "structured values: not constrained");
                    }

                    scalars.Add(item);
                }
            }
            else if (value.ValueKind == JsonValueKind.Object)
            {
                return (new ArgumentConstraint { Required = required }, "structured values: not constrained");
            }
            else if (value.ValueKind != JsonValueKind.Null)
            {
                scalars.Add(value);
            }
        }

        var seen = string.Create(CultureInfo.InvariantCulture, $"{values.Count} of {calls} calls");
        if (scalars.Count == 0)
        {
            return (new ArgumentConstraint { Required = required }, $"{seen}; no values to shape");
        }

        if (scalars.All(static v => v.ValueKind == JsonValueKind.Number))
        {
            return InferNumber(scalars, required, headroom, seen);
        }

        if (scalars.All(static v => v.ValueKind == JsonValueKind.String))
        {
            return InferString(name, [.. scalars.Select(static v => v.GetString()!)], required, headroom, seen);
        }

        if (scalars.All(static v => v.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            return (new ArgumentConstraint { Required = required }, $"{seen}; true/false");
        }

        return (new ArgumentConstraint { Required = required }, $"{seen}; mixed types: not constrained");
    }

    private static (ArgumentConstraint, string) InferNumber(List<JsonElement> values, bool required, double headroom, string seen)
    {
        var numbers = values.Select(static v => v.GetDouble()).ToList();
        var (low, high) = (numbers.Min(), numbers.Max());
        var min = low >= 0 ? 0 : -NiceNumber.Ceiling(-low * headroom);
        var max = high <= 0 ? 0 : NiceNumber.Ceiling(high * headroom);
        var note = string.Create(CultureInfo.InvariantCulture, $"{seen}; observed {low:G} to {high:G}");
        return (new ArgumentConstraint { Min = min, Max = max, Required = required }, note);
    }

    private static (ArgumentConstraint, string) InferString(string name, List<string> values, bool required, double headroom, string seen)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var counted = string.Create(CultureInfo.InvariantCulture, $"{seen}, {distinct.Count} distinct");
        var longest = values.Max(static v => v.Length);
        var maxLength = (int)Math.Min(int.MaxValue, Math.Max(8, NiceNumber.Ceiling(longest * headroom)));

        if (values.All(static v => Email().IsMatch(v)))
        {
            var domains = values.Select(static v => v[(v.LastIndexOf('@') + 1)..].TrimEnd('.').ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
            if (domains.Count <= MaxDistinctDomains)
            {
                return (new ArgumentConstraint { AllowedDomains = domains, MaxLength = maxLength, Required = required }, $"{counted} e-mail addresses");
            }
        }

        if (values.All(static v => IsWebUrl(v, out _)))
        {
            var hosts = values.Select(static v => { IsWebUrl(v, out var host); return host!; }).Distinct().Order(StringComparer.Ordinal).ToList();
            if (hosts.Count <= MaxDistinctDomains)
            {
                return (new ArgumentConstraint { AllowedHosts = hosts, MaxLength = maxLength, Required = required }, $"{counted} URLs");
            }
        }

        if (distinct.Count <= MaxEnumValues && values.Count >= 2 * distinct.Count && distinct.All(static v => Word().IsMatch(v)))
        {
            return (new ArgumentConstraint { Enum = distinct, Required = required }, counted);
        }

        if (!ProseName().IsMatch(name) && !distinct.Any(static v => v.EndsWith('.') || v.EndsWith('!') || v.EndsWith('?')) && IdentifierPattern(distinct) is { } pattern)
        {
            return (new ArgumentConstraint { Pattern = pattern, Required = required }, $"{counted}, one shape");
        }

        // Free text: bound its length; a filter-like argument also refuses match-everything values, unless the agent
        // itself was seen using one (then a human decides).
        var unbounded = distinct.Where(static v => UnboundedValue.IsUnbounded(v, out _)).ToList();
        var filter = FilterName().IsMatch(name);
        var note = unbounded.Count > 0
            ? $"{counted}; {unbounded.Count} observed value(s) select everything — consider deny_wildcards"
            : $"{counted}; longest {longest}";
        return (new ArgumentConstraint { MaxLength = maxLength, DenyWildcards = filter && unbounded.Count == 0, Required = required }, note);
    }

    /// <summary>A pattern every value fits when they all share one shape: the same runs of upper-case letters, lower-case
    /// letters and digits separated by the same punctuation (ids, dates, codes); hex strings and UUIDs are recognised.</summary>
    internal static string? IdentifierPattern(IReadOnlyList<string> values)
    {
        if (values.Count == 0 || values.Any(static v => v.Length is 0 or > MaxIdentifierLength))
        {
            return null;
        }

        if (values.All(static v => Uuid().IsMatch(v)))
        {
            return "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
        }

        if (values.All(static v => v.Length >= 7 && HexString().IsMatch(v)) && values.Any(static v => v.Any(char.IsAsciiLetter)))
        {
            var (shortest, longest) = (values.Min(static v => v.Length), values.Max(static v => v.Length));
            return shortest == longest
                ? string.Create(CultureInfo.InvariantCulture, $"^[0-9a-f]{{{shortest}}}$")
                : string.Create(CultureInfo.InvariantCulture, $"^[0-9a-f]{{{shortest},{longest}}}$");
        }

        var shapes = values.Select(Tokenize).ToList();
        if (shapes.Any(static s => s is null) || shapes.Select(static s => s!.Count).Distinct().Count() != 1)
        {
            return null;
        }

        var first = shapes[0]!;
        var pattern = new StringBuilder("^");
        for (var i = 0; i < first.Count; i++)
        {
            var kind = first[i].Kind;
            if (shapes.Any(s => s![i].Kind != kind))
            {
                return null;
            }

            var texts = shapes.Select(s => s![i].Text).ToList();
            if (kind == TokenKind.Literal)
            {
                if (texts.Distinct(StringComparer.Ordinal).Count() != 1)
                {
                    return null;
                }

                pattern.Append(Regex.Escape(texts[0]));
            }
            else if (kind != TokenKind.Digits && texts.Distinct(StringComparer.Ordinal).Count() == 1)
            {
                pattern.Append(Regex.Escape(texts[0]));   // a constant prefix or word, such as the C of C123456
            }
            else
            {
                var (min, max) = (texts.Min(static t => t.Length), texts.Max(static t => t.Length));
                pattern.Append(kind switch { TokenKind.Upper => "[A-Z]", TokenKind.Lower => "[a-z]", _ => "[0-9]" });
                pattern.Append(min == max
                    ? string.Create(CultureInfo.InvariantCulture, $"{{{min}}}")
                    : string.Create(CultureInfo.InvariantCulture, $"{{{min},{max}}}"));
            }
        }

        return pattern.Append('$').ToString();
    }

    private static List<(TokenKind Kind, string Text)>? Tokenize(string value)
    {
        var tokens = new List<(TokenKind, string)>();
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            var kind = char.IsAsciiLetterUpper(c) ? TokenKind.Upper
                : char.IsAsciiLetterLower(c) ? TokenKind.Lower
                : char.IsAsciiDigit(c) ? TokenKind.Digits
                : c is > ' ' and < '\u007f' ? TokenKind.Literal
                : TokenKind.None;
            if (kind == TokenKind.None)
            {
                return null;   // whitespace, control or non-ASCII characters: free text, not an identifier
            }

            var start = i++;
            if (kind != TokenKind.Literal)
            {
                while (i < value.Length && Kind(value[i]) == kind)
                {
                    i++;
                }
            }

            tokens.Add((kind, value[start..i]));
        }

        return tokens;

        static TokenKind Kind(char c) => char.IsAsciiLetterUpper(c) ? TokenKind.Upper
            : char.IsAsciiLetterLower(c) ? TokenKind.Lower
            : char.IsAsciiDigit(c) ? TokenKind.Digits
            : TokenKind.Literal;
    }

    private static bool IsWebUrl(string value, out string? host)
    {
        host = null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return false;
        }

        host = uri.IsDefaultPort ? uri.IdnHost.ToLowerInvariant() : string.Create(CultureInfo.InvariantCulture, $"{uri.IdnHost.ToLowerInvariant()}:{uri.Port}");
        return true;
    }

    private enum TokenKind
    {
        None,
        Upper,
        Lower,
        Digits,
        Literal,
    }

    [GeneratedRegex(@"^[^@\s""<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex("^[A-Za-z][A-Za-z_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Uuid();

    [GeneratedRegex("^[0-9a-f]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexString();

    [GeneratedRegex("(^|[._-])(body|text|message|content|subject|title|description|comment|note|notes|summary|prompt|reply|answer)($|[._-])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ProseName();

    [GeneratedRegex("(^|[._-])(q|query|filter|pattern|search|where|glob|regex|match|selector|expr|expression|criteria)($|[._-])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FilterName();
}
