using System.Text.RegularExpressions;

namespace AgentGuard;

/// <summary>Regexes from policy files: linear-time where the engine allows, otherwise bounded by a timeout.</summary>
internal static class SafeRegex
{
    /// <summary>The bound on backtracking regexes. Non-backtracking ones are linear-time and need none: a timeout there
    /// would only turn CPU starvation on a loaded host into spurious denials.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>Compiles <paramref name="pattern"/>; throws <see cref="ArgumentException"/> when it is not a valid regex.</summary>
    public static Regex Create(string pattern)
    {
        pattern = AnchorEnd(pattern);
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);
        }
        catch (NotSupportedException)
        {
            // Backreferences and lookarounds need the backtracking engine; the timeout bounds hostile input.
            return new Regex(pattern, RegexOptions.CultureInvariant, Timeout);
        }
    }

    /// <summary>Makes a final <c>$</c> mean "end of value": in .NET it also matches before a trailing newline,
    /// which would let <c>"C123456\n"</c> pass <c>^C[0-9]{6}$</c>.</summary>
    internal static string AnchorEnd(string pattern)
    {
        if (pattern.Length == 0 || pattern[^1] != '$')
        {
            return pattern;
        }

        var backslashes = 0;
        for (var i = pattern.Length - 2; i >= 0 && pattern[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0 ? string.Concat(pattern.AsSpan(0, pattern.Length - 1), "\\z") : pattern;
    }

    /// <summary>Validates a pattern, returning the parser's message when it is invalid.</summary>
    public static bool TryValidate(string pattern, out string? error)
    {
        try
        {
            _ = Create(pattern);
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Matches, treating a timeout as "no match" so a hostile value fails closed.</summary>
    public static bool IsMatch(Regex regex, string text)
    {
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
