namespace AgentGuard;

/// <summary>Boundaries and helpers for numbers: card numbers, SSNs, phone numbers and addresses must stand alone.</summary>
internal static class NumberRules
{
    /// <summary>Whether a number starting at <paramref name="index"/> stands alone on its left: no letter, digit or underscore
    /// before it, and not the continuation of a decimal, a dotted or a dashed number.</summary>
    public static bool IsLeftBoundary(ReadOnlySpan<char> text, int index)
    {
        if (index <= 0)
        {
            return true;
        }

        var c = text[index - 1];
        if (char.IsLetterOrDigit(c) || c == '_')
        {
            return c is 'n' or 'r' or 't' && index >= 2 && text[index - 2] == '\\';
        }

        return !(c is '.' or ',' or '-' or '/' or ':' && index >= 2 && char.IsAsciiDigit(text[index - 2]));
    }

    /// <summary>Whether a number ending just before <paramref name="index"/> stands alone on its right.</summary>
    /// <param name="text">The text.</param>
    /// <param name="index">The offset just past the number.</param>
    /// <param name="allowGroupSeparator">Whether a space followed by more digits may follow (a card followed by an expiry).</param>
    public static bool IsRightBoundary(ReadOnlySpan<char> text, int index, bool allowGroupSeparator = false)
    {
        if (index >= text.Length)
        {
            return true;
        }

        var c = text[index];
        if (char.IsLetterOrDigit(c) || c == '_')
        {
            return false;
        }

        if (c is '.' or ',' or '-' or '/' or ':' && index + 1 < text.Length && char.IsAsciiDigit(text[index + 1]))
        {
            return allowGroupSeparator && c == '-';
        }

        return true;
    }

    /// <summary>The length of the run of ASCII digits at <paramref name="index"/>, up to <paramref name="max"/> + 1.</summary>
    public static int Digits(ReadOnlySpan<char> text, int index, int max)
    {
        var limit = Math.Min(text.Length, index + max + 1);
        var i = index;
        while (i < limit && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - index;
    }

    /// <summary>Whether <paramref name="index"/> starts a digit group: a digit not preceded by a digit.</summary>
    public static bool IsGroupStart(ReadOnlySpan<char> text, int index) =>
        char.IsAsciiDigit(text[index]) && (index == 0 || !char.IsAsciiDigit(text[index - 1]));

    /// <summary>The numeric value of up to nine digits.</summary>
    public static int Value(ReadOnlySpan<char> digits)
    {
        var v = 0;
        foreach (var c in digits)
        {
            v = (v * 10) + (c - '0');
        }

        return v;
    }

    /// <summary>Whether the token just before the separator at <paramref name="separator"/> (up to eight letters and digits)
    /// holds a digit: groups that follow it continue a longer grouped number (<c>RS35 2600 0560 …</c>) rather than start one.</summary>
    public static bool FollowsDigitGroup(ReadOnlySpan<char> text, int separator)
    {
        for (var i = separator - 1; i >= 0 && i >= separator - 8 && char.IsAsciiLetterOrDigit(text[i]); i--)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
