using System.Buffers;
using System.Numerics;
using System.Text;

namespace AgentGuard;

/// <summary>Normalizes target names (paths, identifiers, SHAs, URLs) and compares an attempt with a denied target.</summary>
internal static class TargetText
{
    private const int MaxLength = 256;
    private static readonly SearchValues<char> s_hex = SearchValues.Create("0123456789abcdef");
    private static readonly ulong s_hexMask = Mask("0123456789abcdef");

    /// <summary>Normalizes a target: NFKC, lower case, percent-decoded, backslashes as slashes, <c>.</c> and <c>..</c>
    /// segments resolved, empty segments and edge slashes dropped.</summary>
    /// <param name="value">The raw value.</param>
    /// <param name="trick">Set when resolving changed the path in a way that reaches the same place by another spelling.</param>
    /// <returns>The normalized value.</returns>
    public static string Normalize(string value, out bool trick)
    {
        trick = false;
        var s = value.Length > MaxLength ? value[..MaxLength] : value;
        s = s.Trim();
        if (!Ascii.IsValid(s) && !s.IsNormalized(NormalizationForm.FormKC))
        {
            s = s.Normalize(NormalizationForm.FormKC);
        }

        s = StripInvisible(s);
        if (s.AsSpan().ContainsAnyInRange('A', 'Z') || !Ascii.IsValid(s))
        {
            s = s.ToLowerInvariant();
        }

        for (var round = 0; round < 2 && s.Contains('%', StringComparison.Ordinal); round++)
        {
            var encodedSeparator = s.Contains("%2e", StringComparison.Ordinal) || s.Contains("%2f", StringComparison.Ordinal) || s.Contains("%5c", StringComparison.Ordinal);
            string decoded;
            try
            {
                decoded = Uri.UnescapeDataString(s);
            }
            catch (UriFormatException)
            {
                break;
            }

            trick |= encodedSeparator && decoded != s;
            s = decoded.ToLowerInvariant();
        }

        s = StripInvisible(s);
        if (s.Contains('\\', StringComparison.Ordinal))
        {
            trick = true;
            s = s.Replace('\\', '/');
        }

        if ((s.Contains('/', StringComparison.Ordinal) || s is "." or "..") && NeedsResolving(s))
        {
            s = ResolveSegments(s, ref trick);
        }

        return s;
    }

    /// <summary>Compares an attempted target with a denied one (both normalized).</summary>
    /// <param name="attempt">The attempt's value.</param>
    /// <param name="denied">The denied value.</param>
    /// <returns>How they relate.</returns>
    public static TargetSimilarity Compare(string attempt, string denied) =>
        Compare(attempt, Mask(attempt), denied, Mask(denied), Mask(BaseName(denied)));

    /// <summary>Compares an attempted target with a denied one, with their precomputed <see cref="Mask"/>s (and the mask
    /// of the denied value's last path segment).</summary>
    /// <remarks>The masks reject most unrelated pairs in a few instructions: a string cannot contain another that has a
    /// character class it lacks, every character class one side has and the other lacks costs at least one edit, and a
    /// shared prefix and suffix leave at most the middle to differ.</remarks>
    public static TargetSimilarity Compare(string attempt, ulong attemptMask, string denied, ulong deniedMask, ulong deniedNameMask)
    {
        if (attempt.Length == 0 || denied.Length == 0)
        {
            return TargetSimilarity.None;
        }

        if (attempt == denied)
        {
            return TargetSimilarity.Same;
        }

        var onlyAttempt = BitOperations.PopCount(attemptMask & ~deniedMask);
        var onlyDenied = BitOperations.PopCount(deniedMask & ~attemptMask);
        var middle = 0.3 * Math.Max(attempt.Length, denied.Length);
        var mayRelate = onlyAttempt == 0 || onlyDenied == 0
            || (onlyAttempt <= 4 && onlyDenied <= 4)
            || (deniedNameMask & ~attemptMask) == 0
            || (onlyAttempt <= middle && onlyDenied <= middle);
        if (!mayRelate)
        {
            return TargetSimilarity.None;
        }

        if (Math.Min(attempt.Length, denied.Length) < 3)
        {
            return TargetSimilarity.None;
        }

        // Another route to the same thing: a URL or longer path that ends with (or contains) the denied path, or a
        // relative path that is the end of the denied one. A prefix (a parent directory, a repository) is not the target.
        var attemptHasDenied = (deniedMask & ~attemptMask) == 0;
        var deniedHasAttempt = (attemptMask & ~deniedMask) == 0;
        if (attemptHasDenied && denied.Length >= 4 && IndexAtBoundary(attempt, denied) >= 0)
        {
            return TargetSimilarity.Same;
        }

        if (deniedHasAttempt && attempt.Length >= 4 && denied.EndsWith(attempt, StringComparison.Ordinal) && IsBoundary(denied, denied.Length - attempt.Length - 1))
        {
            return TargetSimilarity.Same;
        }

        if (attemptHasDenied && denied.Length >= 6 && attempt.Contains(denied, StringComparison.Ordinal))
        {
            return TargetSimilarity.Variation; // secrets.env.bak, old_secrets.env
        }

        if (((attemptMask | deniedMask) & ~s_hexMask) == 0 && IsHex(attempt) && IsHex(denied))
        {
            return CompareHex(attempt, denied);
        }

        var attemptName = BaseName(attempt);
        var deniedName = BaseName(denied);
        if (attemptName.Length >= 4 && attemptName.Length < attempt.Length && attemptName.SequenceEqual(deniedName))
        {
            return TargetSimilarity.Variation; // the same file name in another place
        }

        var shorter = Math.Min(attempt.Length, denied.Length);
        var longer = Math.Max(attempt.Length, denied.Length);
        if (shorter >= 5)
        {
            var budget = Math.Clamp(longer / 5, 1, 4);
            if (longer - shorter <= budget
                && BitOperations.PopCount(attemptMask & ~deniedMask) <= budget
                && BitOperations.PopCount(deniedMask & ~attemptMask) <= budget
                && EditDistanceAtMost(attempt, denied, budget))
            {
                return TargetSimilarity.Variation;
            }
        }

        if (shorter >= 6)
        {
            var prefix = attempt.AsSpan().CommonPrefixLength(denied);
            var suffix = CommonSuffixLength(attempt, denied, shorter - prefix);
            if (prefix + suffix >= 0.7 * longer)
            {
                return TargetSimilarity.Variation;
            }
        }

        return TargetSimilarity.None;
    }

    /// <summary>Gets a 64-bit set of the character classes in a value: letters, digits and common separators each
    /// have their own bit, other characters share the rest.</summary>
    public static ulong Mask(ReadOnlySpan<char> value)
    {
        ulong mask = 0;
        foreach (var c in value)
        {
            mask |= 1UL << ClassOf(c);
        }

        return mask;
    }

    private static int ClassOf(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= '0' and <= '9' => 26 + (c - '0'),
        '/' => 36,
        '.' => 37,
        '-' => 38,
        '_' => 39,
        _ => 40 + (c % 24),
    };

    /// <summary>Gets the last path segment.</summary>
    public static ReadOnlySpan<char> BaseName(string value)
    {
        var slash = value.LastIndexOf('/');
        return slash < 0 ? value : value.AsSpan(slash + 1);
    }

    /// <summary>Decides whether the value is a hexadecimal string of seven characters or more (a SHA or part of one).</summary>
    public static bool IsHex(string value) => value.Length >= 7 && !value.AsSpan().ContainsAnyExcept(s_hex);

    /// <summary>Bounded Levenshtein distance: whether the distance is at most <paramref name="budget"/>, in O(n·budget).</summary>
    public static bool EditDistanceAtMost(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int budget)
    {
        if (Math.Abs(a.Length - b.Length) > budget)
        {
            return false;
        }

        var width = b.Length + 1;
        Span<int> previous = width <= 512 ? stackalloc int[width] : new int[width];
        Span<int> current = width <= 512 ? stackalloc int[width] : new int[width];
        const int Far = int.MaxValue / 2;
        for (var j = 0; j < width; j++)
        {
            previous[j] = j <= budget ? j : Far;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var from = Math.Max(1, i - budget);
            var to = Math.Min(b.Length, i + budget);
            current[0] = i <= budget ? i : Far;
            if (from > 1)
            {
                current[from - 1] = Far;
            }

            var rowMin = current[0]; // column 0 (deleting i characters) is a path too
            for (var j = from; j <= to; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (to < b.Length)
            {
                current[to + 1] = Far;
            }

            if (rowMin > budget)
            {
                return false;
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length] <= budget;
    }

    private static TargetSimilarity CompareHex(string attempt, string denied)
    {
        var common = attempt.AsSpan().CommonPrefixLength(denied);
        if (common == Math.Min(attempt.Length, denied.Length))
        {
            return TargetSimilarity.Same; // an abbreviated (or padded) SHA names the same object
        }

        return common >= 7 || EditDistanceAtMost(attempt, denied, 3) ? TargetSimilarity.Variation : TargetSimilarity.None;
    }

    private static int IndexAtBoundary(string haystack, string needle)
    {
        var from = 0;
        while (from <= haystack.Length - needle.Length)
        {
            var at = haystack.IndexOf(needle, from, StringComparison.Ordinal);
            if (at < 0)
            {
                return -1;
            }

            if (IsBoundary(haystack, at - 1) && IsBoundary(haystack, at + needle.Length))
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    private static bool IsBoundary(string s, int index) =>
        index < 0 || index >= s.Length || s[index] is '/' or ':' or '?' or '#' or '=' or '&' or '@' or ' ';

    private static int CommonSuffixLength(string a, string b, int max)
    {
        var n = 0;
        while (n < max && a[a.Length - 1 - n] == b[b.Length - 1 - n])
        {
            n++;
        }

        return n;
    }

    // Zero-width and other format characters change the bytes of a name but not what a person (or a lenient backend) reads.
    private static string StripInvisible(string value)
    {
        if (Ascii.IsValid(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // Only paths with empty, '.' or '..' segments or edge slashes need the allocating resolution.
    private static bool NeedsResolving(string path) =>
        path[0] == '/' || path[^1] == '/' || path.Contains("//", StringComparison.Ordinal)
        || path.StartsWith("./", StringComparison.Ordinal) || path.StartsWith("../", StringComparison.Ordinal)
        || path.Contains("/./", StringComparison.Ordinal) || path.Contains("/../", StringComparison.Ordinal)
        || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal) || path is "." or "..";

    private static string ResolveSegments(string path, ref bool trick)
    {
        var segments = path.Split('/');
        var kept = new List<string>(segments.Length);
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                continue;
            }

            if (segment == ".")
            {
                trick = true;
                continue;
            }

            if (segment == "..")
            {
                trick = true;
                if (kept.Count > 0)
                {
                    kept.RemoveAt(kept.Count - 1);
                }

                continue;
            }

            kept.Add(segment);
        }

        return string.Join('/', kept);
    }
}
