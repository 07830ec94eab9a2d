using System.Buffers;
using System.Text.RegularExpressions;

namespace AgentGuard;

/// <summary>A detector built from a <see cref="DlpCustomDetector"/>: a linear-time regex, an optional validator and optional
/// nearby keywords (which also serve as a prefilter).</summary>
public sealed class RegexDlpDetector : IDlpDetector
{
    private const string ValueGroup = "value";
    private readonly Regex _regex;
    private readonly DlpValidator _validator;
    private readonly string[] _keywords;
    private readonly SearchValues<string>? _keywordSearch;
    private readonly int _window;
    private readonly DlpConfidence _confidence;
    private readonly bool _hasValueGroup;

    /// <summary>Initializes a new instance of the <see cref="RegexDlpDetector"/> class.</summary>
    /// <param name="definition">The detector's definition.</param>
    /// <exception cref="ArgumentException">The name or the pattern is invalid.</exception>
    public RegexDlpDetector(DlpCustomDetector definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = DlpOptionsValidation.ValidateCustomDetector(definition);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(definition));
        }

        Name = definition.Name;
        Kind = definition.Kind;
        _regex = CreateRegex(definition.Pattern);
        _validator = definition.Validator;
        _keywords = [.. definition.Keywords.Where(static k => !string.IsNullOrEmpty(k))];
        _keywordSearch = _keywords.Length == 0 ? null : SearchValues.Create(_keywords, StringComparison.OrdinalIgnoreCase);
        _window = definition.KeywordWindow;
        _confidence = definition.Confidence;
        _hasValueGroup = _regex.GroupNumberFromName(ValueGroup) >= 0;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public DlpKind Kind { get; }

    /// <inheritdoc />
    /// <exception cref="RegexMatchTimeoutException">A pattern that needs backtracking ran past its time limit on hostile input.</exception>
    public void Scan(ReadOnlySpan<char> text, ICollection<DlpMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        if (_keywordSearch is not null && text.IndexOfAny(_keywordSearch) < 0)
        {
            return;
        }

        if (_hasValueGroup)
        {
            foreach (Match match in _regex.Matches(text.ToString()))
            {
                var group = match.Groups[ValueGroup];
                if (group.Success && group.Length > 0)
                {
                    Accept(text, group.Index, group.Length, matches);
                }
            }

            return;
        }

        foreach (var match in _regex.EnumerateMatches(text))
        {
            if (match.Length > 0)
            {
                Accept(text, match.Index, match.Length, matches);
            }
        }
    }

    /// <summary>Compiles a pattern linear-time where the engine allows, otherwise with a match timeout.</summary>
    internal static Regex CreateRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);
        }
        catch (NotSupportedException)
        {
            // Lookarounds and backreferences need the backtracking engine; the timeout bounds hostile input.
            return new Regex(pattern, RegexOptions.CultureInvariant, DlpDefaults.RegexTimeout);
        }
    }

    private void Accept(ReadOnlySpan<char> text, int start, int length, ICollection<DlpMatch> matches)
    {
        var value = text.Slice(start, length);
        var valid = _validator switch
        {
            DlpValidator.Luhn => Checksums.Luhn(value) && value.ContainsAnyInRange('0', '9'),
            DlpValidator.Mod97 => Checksums.Mod97(value),
            _ => true,
        };
        if (valid && (_keywords.Length == 0 || TextRules.HasNearbyKeyword(text, start, start + length, _window, _keywords)))
        {
            matches.Add(new DlpMatch(start, length, _confidence));
        }
    }
}
