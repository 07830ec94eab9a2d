namespace AgentGuard;

/// <summary>Tool-name globs: <c>*</c> matches any run of characters (dots included), <c>?</c> exactly one; ordinal.</summary>
internal static class Glob
{
    public static bool IsPattern(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>Matches without regular expressions and without backtracking blow-up (greedy star with one resume point).</summary>
    public static bool IsMatch(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>How specific a grant pattern is: the count of literal characters (more is more specific).</summary>
    public static int Specificity(string pattern)
    {
        var n = 0;
        foreach (var c in pattern)
        {
            if (c is not '*' and not '?')
            {
                n++;
            }
        }

        return n;
    }
}
