using System.Text;
using System.Text.RegularExpressions;

namespace AgentGuard;

/// <summary>Recognises argument values that select everything: wildcards, match-all regexes, tautologies, empty filters.</summary>
/// <remarks>Used by <c>deny_wildcards</c> and by behavior scoring. Values are NFKC-normalised first so full-width and
/// other compatibility forms of <c>*</c>, <c>%</c> and <c>?</c> are caught.</remarks>
public static partial class UnboundedValue
{
    private static readonly string[] s_probes = ["a", "Z9", "x y", "@#!", "C123456", "ünï", "hello world 42"];

    /// <summary>Decides whether <paramref name="value"/> selects everything (or is empty).</summary>
    /// <param name="value">The argument value.</param>
    /// <param name="reason">Why, when it does.</param>
    /// <returns><see langword="true"/> when the value is unbounded.</returns>
    public static bool IsUnbounded(string value, out string reason)
    {
        ArgumentNullException.ThrowIfNull(value);
        var normalized = value.IsNormalized(NormalizationForm.FormKC) ? value : value.Normalize(NormalizationForm.FormKC);
        var trimmed = normalized.Trim();
        if (trimmed.Length == 0)
        {
            reason = "is an empty filter";
            return true;
        }

        if (trimmed.AsSpan().IndexOfAny('*', '%', '?') >= 0)
        {
            reason = "contains a wildcard";
            return true;
        }

        if (trimmed.Length <= 4096 && Tautology().IsMatch(trimmed))
        {
            reason = "is an always-true condition";
            return true;
        }

        if (trimmed.Length <= 256 && trimmed.AsSpan().IndexOfAny("+{[\\.") >= 0 && MatchesEverything(trimmed))
        {
            reason = "is a pattern that matches everything";
            return true;
        }

        reason = string.Empty;
        return false;
    }

    private static bool MatchesEverything(string candidate)
    {
        Regex regex;
        try
        {
            regex = new Regex(candidate, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return false;
        }

        try
        {
            // Every ordinary probe value is matched whole: `.+`, `.*`, `[\s\S]*`, `^.*$`, `(\w|\W)+`.
            foreach (var probe in s_probes)
            {
                var match = regex.Match(probe);
                if (!match.Success || match.Length != probe.Length)
                {
                    return false;
                }
            }

            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    // 1=1, 'a'='a', ' OR '1'='1 (the closing quote left to the query), "x" = "x", TRUE.
    [GeneratedRegex("""(?:^|[^\w'"])(['"]?)(\w+)\1\s*=\s*(['"]?)\2(?:\3|$)(?:$|[^\w])|^\s*(?:or\s+)?true\s*$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tautology();
}
