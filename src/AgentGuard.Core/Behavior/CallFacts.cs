using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentGuard;

/// <summary>What behavior scoring needs to know about a call's arguments, read once outside the session lock.</summary>
internal sealed partial class CallFacts
{
    private const int MaxIdentifiers = 16;
    private const int MaxVisited = 128;
    private const int MaxDepth = 4;
    private const int MaxIdentifierLength = 256;
    private static readonly SearchValues<char> s_suspicious = SearchValues.Create("*%+[\\^$?=");
    private static readonly SearchValues<char> s_hexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> s_meta = SearchValues.Create("*%?.^$+()[]|/ \t");
    private static readonly string[] s_filterNames = ["query", "filter", "pattern", "regex", "search", "where", "match", "glob", "criteria", "condition", "expr", "selector", "sql"];
    private static readonly string[] s_limitNames = ["limit", "max", "maxresults", "maxrecords", "maxrows", "maxitems", "count", "top", "take", "pagesize", "perpage", "size", "rows", "first", "fetch", "batchsize", "numresults", "n", "k"];
    private static readonly string[] s_targetNames = ["path", "file", "filename", "filepath", "key", "object", "blob", "document", "ref", "sha", "commit", "id", "resource", "url", "uri", "target", "table", "name"];

    private readonly JsonElement _arguments;
    private readonly long _hugeLimit;
    private (string Name, string Value)[]? _identifiers;
    private int _identifierCount;
    private int _primaryIndex = -1;
    private string? _unboundedArgument;
    private string? _unboundedReason;
    private bool _parsed;
    private string?[]? _normalized;
    private bool[]? _tricks;
    private ulong[]? _masks;

    private CallFacts(string tool, JsonElement arguments, long hugeLimit, bool parsed)
    {
        Tool = tool;
        _arguments = arguments;
        _hugeLimit = hugeLimit;
        _parsed = parsed;
    }

    public string Tool { get; }

    /// <summary>Gets the identifier-like argument values: short strings and integers.</summary>
    public ReadOnlySpan<(string Name, string Value)> Identifiers => Parsed()._identifiers.AsSpan(0, _identifierCount);

    public int IdentifierCount => Parsed()._identifierCount;

    /// <summary>Gets the index of the most specific identifier (the call's target), or -1.</summary>
    public int PrimaryIndex => Parsed()._primaryIndex;

    public string? PrimaryName => PrimaryIndex < 0 ? null : _identifiers![_primaryIndex].Name;

    public string? PrimaryValue => PrimaryIndex < 0 ? null : _identifiers![_primaryIndex].Value;

    /// <summary>Gets the first unbounded argument's name, when one was found.</summary>
    public string? UnboundedArgument => Parsed()._unboundedArgument;

    /// <summary>Gets why that argument is unbounded.</summary>
    public string? UnboundedReason => Parsed()._unboundedReason;

    /// <summary>Gets the primary value normalized for target comparison (computed on first use).</summary>
    public string? NormalizedPrimary => PrimaryIndex < 0 ? null : Normalized(_primaryIndex, out _);

    /// <summary>Gets an identifier normalized for target comparison (computed once, on first use).</summary>
    public string Normalized(int index, out bool trick)
    {
        Parsed();
        _normalized ??= new string?[_identifierCount];
        _tricks ??= new bool[_identifierCount];
        _masks ??= new ulong[_identifierCount];
        if (_normalized[index] is not { } normalized)
        {
            normalized = TargetText.Normalize(_identifiers![index].Value, out _tricks[index]);
            _normalized[index] = normalized;
            _masks[index] = TargetText.Mask(normalized);
        }

        trick = _tricks[index];
        return normalized;
    }

    /// <summary>Gets the character-class mask of a normalized identifier (after <see cref="Normalized"/>).</summary>
    public ulong Mask(int index) => _masks![index];

    /// <summary>Decides whether an argument of that name holds an identifier.</summary>
    public bool Has(string name)
    {
        for (var i = 0; i < IdentifierCount; i++)
        {
            if (string.Equals(_identifiers![i].Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Gets facts about nothing, for calls that are not scored (a halted session).</summary>
    public static CallFacts Empty(string tool) => new(tool, default, 0, parsed: true);

    /// <summary>Creates the facts of a call; the arguments are read on first use (the result side often needs none).</summary>
    public static CallFacts From(string tool, JsonElement arguments, long hugeLimit) => new(tool, arguments, hugeLimit, parsed: false);

    private CallFacts Parsed()
    {
        if (!_parsed)
        {
            _parsed = true;
            var visited = 0;
            if (_arguments.ValueKind == JsonValueKind.Object)
            {
                Walk(_arguments, string.Empty, 0, _hugeLimit, ref visited);
            }

            _primaryIndex = ChoosePrimary();
        }

        return this;
    }

    /// <summary>Splits the trailing number off an identifier (<c>C000123</c> → <c>C</c>, 123).</summary>
    public static bool TrySplitNumber(string value, out ReadOnlySpan<char> prefix, out long number)
    {
        var end = value.Length;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(value[start - 1]) && end - start < 18)
        {
            start--;
        }

        prefix = value.AsSpan(0, start);
        number = 0;
        return start < end && long.TryParse(value.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private void Walk(JsonElement element, string name, int depth, long hugeLimit, ref int visited)
    {
        if (++visited > MaxVisited)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object when depth < MaxDepth:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, property.Name, depth + 1, hugeLimit, ref visited);
                }

                break;
            case JsonValueKind.Array when depth < MaxDepth:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, name, depth + 1, hugeLimit, ref visited);
                }

                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                CheckUnbounded(name, text, hugeLimit);
                if (IsIdentifierLike(text))
                {
                    AddIdentifier(name, text);
                }

                break;
            case JsonValueKind.Number:
                if (IsLimitName(name) && element.TryGetDouble(out var limit))
                {
                    CheckLimit(name, limit, hugeLimit);
                }
                else if (element.TryGetInt64(out _))
                {
                    AddIdentifier(name, element.GetRawText());
                }

                break;
        }
    }

    private void CheckUnbounded(string name, string value, long hugeLimit)
    {
        if (_unboundedArgument is not null)
        {
            return;
        }

        // Full-width and other compatibility forms of * % ? must not slip past the prefilter.
        if (!System.Text.Ascii.IsValid(value) && !value.IsNormalized(System.Text.NormalizationForm.FormKC))
        {
            value = value.Normalize(System.Text.NormalizationForm.FormKC);
        }

        var trimmed = value.AsSpan().Trim();
        if (trimmed.IsEmpty)
        {
            if (IsFilterName(name))
            {
                Flag(name, "is an empty filter");
            }

            return;
        }

        if (IsLimitName(name) && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit))
        {
            CheckLimit(name, limit, hugeLimit);
            return;
        }

        if (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("or true", StringComparison.OrdinalIgnoreCase))
        {
            if (IsFilterName(name))
            {
                Flag(name, "is an always-true condition");
            }

            return;
        }

        if (trimmed.IndexOfAny(s_suspicious) < 0)
        {
            return; // the common case: an ordinary value
        }

        // Only values that select everything count here (a partial wildcard such as src/*.cs is ordinary work).
        if (!trimmed.ContainsAnyExcept(s_meta) || ContainsAnyClass(trimmed))
        {
            if (UnboundedValue.IsUnbounded(value, out var reason))
            {
                Flag(name, reason == "contains a wildcard" ? "matches everything" : reason);
            }
            else if (trimmed.Trim("^($)").SequenceEqual(".+"))
            {
                Flag(name, "matches every non-empty value");
            }

            return;
        }

        if (trimmed.Contains('=') && trimmed.Length <= 4096 && Tautology().IsMatch(trimmed))
        {
            Flag(name, "is an always-true condition");
        }
    }

    private void CheckLimit(string name, double value, long hugeLimit)
    {
        if (_unboundedArgument is not null)
        {
            return;
        }

        if (value < 0)
        {
            Flag(name, $"is a negative limit ({value.ToString(CultureInfo.InvariantCulture)}), often meaning no limit");
        }
        else if (value > hugeLimit)
        {
            Flag(name, $"asks for {value.ToString(CultureInfo.InvariantCulture)} records, above {hugeLimit.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private void Flag(string name, string reason)
    {
        _unboundedArgument = name.Length == 0 ? "(value)" : name;
        _unboundedReason = reason;
    }

    private void AddIdentifier(string name, string value)
    {
        if (_identifierCount == MaxIdentifiers)
        {
            return;
        }

        _identifiers ??= new (string, string)[4];
        if (_identifierCount == _identifiers.Length)
        {
            Array.Resize(ref _identifiers, Math.Min(MaxIdentifiers, _identifiers.Length * 2));
        }

        _identifiers[_identifierCount++] = (name, value);
    }

    private int ChoosePrimary()
    {
        var best = -1;
        var bestScore = int.MinValue;
        for (var i = 0; i < _identifierCount; i++)
        {
            var (name, value) = _identifiers![i];
            var score = Math.Min(value.Length, 64);
            score += value.Contains('/', StringComparison.Ordinal) ? 10 : 0;
            score += HasExtension(value) ? 10 : 0;
            score += value.Length >= 7 && !value.AsSpan().ContainsAnyExcept(s_hexDigits) ? 10 : 0;
            score += IsNamed(name, s_targetNames) || name.EndsWith("_id", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Id", StringComparison.Ordinal) ? 15 : 0;
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    private static bool HasExtension(string value)
    {
        var dot = value.LastIndexOf('.');
        return dot > 0 && dot >= value.Length - 6 && dot < value.Length - 1 && value.LastIndexOf('/') < dot;
    }

    private static bool ContainsAnyClass(ReadOnlySpan<char> value) =>
        value.Contains(@"[\s\S]", StringComparison.Ordinal) || value.Contains(@"[\S\s]", StringComparison.Ordinal)
        || value.Contains(@"[\w\W]", StringComparison.Ordinal) || value.Contains(@"[\d\D]", StringComparison.Ordinal)
        || value.Contains("(?s)", StringComparison.Ordinal) || value.Contains("[^]", StringComparison.Ordinal);

    private static bool IsIdentifierLike(string value)
    {
        if (value.Length is 0 or > MaxIdentifierLength)
        {
            return false;
        }

        var spaces = 0;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) && ++spaces > 3)
            {
                return false;
            }
        }

        return !value.Equals("true", StringComparison.OrdinalIgnoreCase) && !value.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsFilterName(string name)
    {
        if (name.Equals("q", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var candidate in s_filterNames)
        {
            if (name.Contains(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsLimitName(string name) => IsNamed(name, s_limitNames);

    // Compares ignoring case, '_' and '-': page_size, pageSize and page-size are one name.
    private static bool IsNamed(string name, string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            var i = 0;
            var matched = true;
            foreach (var c in name)
            {
                if (c is '_' or '-')
                {
                    continue;
                }

                if (i >= candidate.Length || char.ToLowerInvariant(c) != candidate[i])
                {
                    matched = false;
                    break;
                }

                i++;
            }

            if (matched && i == candidate.Length)
            {
                return true;
            }
        }

        return false;
    }

    // 1=1, 'a'='a', "x" = "x" (the same shape UnboundedValue recognises).
    [GeneratedRegex("""(?:^|\W)(?:(\d+)\s*=\s*\1|'([^']*)'\s*=\s*'\2'|"([^"]*)"\s*=\s*"\3")(?:$|\W)""", RegexOptions.CultureInvariant, 250)]
    private static partial Regex Tautology();
}
