namespace AgentGuard;

/// <summary>The <c>user:password</c> of a <c>curl -u</c> / <c>--user</c> option. The password is the finding; when it is
/// empty (<c>-u sk_live_…:</c>, an API key passed as the user name) the user part is, if it looks like a key.</summary>
/// <remarks>Anchored on "curl"; looks at the rest of that command only (continuation lines included), up to a bounded length.</remarks>
internal sealed class CurlCredentialsDetector() : BuiltInDetector(DlpDetectorNames.CurlCredentials, DlpKind.Secret)
{
    private const int MaxCommand = 2048;
    private const int MaxArgument = 512;

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.AnyCase("curl");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var end = index + keywordLength;
        if ((index > 0 && char.IsAsciiLetterOrDigit(text[index - 1])) || end >= text.Length || text[end] is not (' ' or '\t'))
        {
            return end;
        }

        var limit = Math.Min(text.Length, end + MaxCommand);
        var p = end;
        while (p < limit)
        {
            var c = text[p];
            if (c is '\n' or '\r' && !(p > 0 && text[p - 1] == '\\') && !(p > 1 && text[p - 1] == '\r' && text[p - 2] == '\\'))
            {
                break; // the command ends at an unescaped line break
            }

            if (c == '-' && (text[p - 1] is ' ' or '\t' or '\n'))
            {
                var valueAt = OptionValue(text, p, limit);
                if (valueAt > 0)
                {
                    var wordEnd = ReadWord(text, valueAt, Math.Min(limit, valueAt + MaxArgument));
                    if (wordEnd > 0)
                    {
                        Examine(text, valueAt, wordEnd, hits);
                        return wordEnd;
                    }
                }
            }

            p++;
        }

        return Math.Max(end, p);
    }

    /// <summary>Where the value of a <c>-u</c> / <c>--user</c> option at <paramref name="p"/> starts, or -1.</summary>
    private static int OptionValue(ReadOnlySpan<char> text, int p, int limit)
    {
        var rest = text[p..limit];
        int after;
        if (rest.StartsWith("--user", StringComparison.Ordinal))
        {
            after = p + 6;
            if (after < limit && text[after] == '=')
            {
                return after + 1;
            }
        }
        else if (rest.StartsWith("-u", StringComparison.Ordinal))
        {
            after = p + 2;
            if (after < limit && text[after] is '"' or '\'')
            {
                return after;
            }
        }
        else
        {
            return -1;
        }

        if (after >= limit || text[after] is not (' ' or '\t'))
        {
            return -1;
        }

        while (after < limit && text[after] is ' ' or '\t')
        {
            after++;
        }

        return after < limit ? after : -1;
    }

    /// <summary>The end of the shell word at <paramref name="start"/> (quoted and unquoted parts glued together), or -1.</summary>
    private static int ReadWord(ReadOnlySpan<char> text, int start, int limit)
    {
        var p = start;
        while (p < limit && !char.IsWhiteSpace(text[p]))
        {
            if (text[p] is '"' or '\'')
            {
                var close = text[(p + 1)..limit].IndexOf(text[p]);
                if (close < 0)
                {
                    return -1;
                }

                p += close + 2;
            }
            else
            {
                p++;
            }
        }

        return p > start ? p : -1;
    }

    private void Examine(ReadOnlySpan<char> text, int start, int end, List<DlpDetection> hits)
    {
        var word = text[start..end];
        var offset = start;
        if (word.Length >= 2 && word[0] is '"' or '\'' && word[^1] == word[0] && word[1..^1].IndexOfAny('"', '\'') < 0)
        {
            word = word[1..^1];
            offset++;
        }

        var colon = word.IndexOf(':');
        if (colon < 0)
        {
            return; // curl asks for the password
        }

        var plain = word.IndexOfAny('"', '\'') < 0;
        var user = word[..colon];
        var password = word[(colon + 1)..];
        if (!plain)
        {
            // "{user}":"{password}": judge the parts without their quotes, report the whole word.
            var unquotedPassword = password.Trim("\"'");
            if (SecretValueRules.Assess(unquotedPassword, isPassword: true, quoted: true) is { } c)
            {
                Report(hits, start, end - start, c);
            }

            return;
        }

        if (!password.IsEmpty)
        {
            if (SecretValueRules.Assess(password, isPassword: true, quoted: true) is { } c)
            {
                Report(hits, offset + colon + 1, password.Length, c);
            }
        }
        else if (SecretValueRules.Assess(user, isPassword: false, quoted: true) is { } c)
        {
            Report(hits, offset, user.Length, c);
        }
    }
}
