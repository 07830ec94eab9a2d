using System.Buffers;
using System.Collections.Frozen;

namespace AgentGuard;

/// <summary>Decides whether a value assigned to a secret-sounding name is a real secret or a placeholder, a reference or a word.</summary>
internal static class SecretValueRules
{
    private static readonly string[] s_placeholderFragments =
    [
        "example", "placeholder", "changeme", "change_me", "change-me", "your_", "your-", "yourpass", "yoursecret", "yourtoken",
        "redacted", "dummy", "xxxxx", "*****", "....", "%s", "process.env", "os.environ",
        "getenv", "environ[", "config[", "settings.", "secrets.", "vault:", "insert", "replace", "todo", "fixme", "sample",
    ];

    private static readonly string[] s_placeholderValues =
    [
        "password", "passwd", "pass", "pwd", "secret", "token", "apikey", "api_key", "key", "null", "none", "nil", "true", "false",
        "undefined", "empty", "string", "str", "text", "value", "required", "optional", "default", "hidden", "masked", "unset",
        "notset", "not_set", "n/a", "na", "tbd", "test", "testing", "abc123", "123456", "12345678", "password123", "admin", "root",
        "user", "username", "foo", "bar", "foobar", "baz", "qwerty", "letmein", "secret123", "mysecret", "mypassword",
        "same-origin", "same_origin", "use-credentials", "anonymous",
    ];

    /// <summary>Template references: an opener, a name, and its closer (<c>${DB_PASSWORD}</c>, <c>{{ .Values.token }}</c>,
    /// <c>#{Octopus.Password}</c>, <c>$(TOKEN)</c>, <c>%(password)s</c>, <c>&lt;your-api-key&gt;</c>).</summary>
    private static readonly (string Open, string Close)[] s_templates = [("${", "}"), ("#{", "}"), ("{{", "}}"), ("$(", ")"), ("%(", ")"), ("<", ">")];

    /// <summary>What may stand between a template's opener and closer: a name, a path, a filter, quotes, spaces.</summary>
    private static readonly SearchValues<char> s_templateChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-:|/\\ \"'[]()=,@!?%$");

    private static readonly SearchValues<char> s_constantChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ_");

    private static readonly SearchValues<char> s_nameChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.-");

    private static readonly SearchValues<char> s_identifierChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.");

    private static readonly SearchValues<char> s_pathChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789./-_:@");

    private static readonly SearchValues<char> s_rangeChars = SearchValues.Create("0123456789.^~<>=|*xX -");

    private static readonly SearchValues<char> s_versionChars = SearchValues.Create("0123456789.");

    private static readonly SearchValues<char> s_packageNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_./@");

    private static readonly SearchValues<string> s_fragments = SearchValues.Create(s_placeholderFragments, StringComparison.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_values =
        s_placeholderValues.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether <paramref name="value"/> is a placeholder, a variable reference or an otherwise obviously fake value.</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> value) =>
        value.IsEmpty || TextRules.IsRepeated(value) || value[0] is '$' or '%' or '@' or '&' or '*' or '[' or '('
        || value.IndexOfAny(s_fragments) >= 0 || s_values.Contains(value) || IsFiller(value) || IsNamePlaceholder(value) || HasTemplateReference(value);

    /// <summary>Whether the value holds a template reference: an opener such as <c>${</c> or <c>{{</c> and, before the next
    /// closer, only the characters of a name or an expression (<c>${env:API_KEY}</c>, <c>{{ secrets.TOKEN }}</c>,
    /// <c>&lt;your key&gt;</c>), or an opener never closed (a reference the reader cut off). A value whose brackets enclose
    /// symbols (<c>m{{h}o)p${e]nob(ody[finds&gt;-_$#one}}</c>) is a random password, not a reference.</summary>
    public static bool HasTemplateReference(ReadOnlySpan<char> value)
    {
        if (value.StartsWith('<') || value.EndsWith('>'))
        {
            return true;
        }

        foreach (var (open, close) in s_templates)
        {
            var at = value.IndexOf(open, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var inner = value[(at + open.Length)..];
            var end = inner.IndexOf(close, StringComparison.Ordinal);
            if (end < 0 ? !inner.ContainsAnyExcept(s_templateChars) : !inner[..end].ContainsAnyExcept(s_templateChars))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a value is filler someone typed in place of a secret: it ends in "here" (<c>…TokenHere</c>,
    /// <c>RANDOMSTRINGHERE</c>), holds a run of <c>x</c>, <c>#</c> or <c>*</c>, or is mostly an ascending sequence
    /// (<c>AbCdEF123</c>, <c>abcdefghijklmnopqrstuvwxyz123</c>) of at most 40 characters, which random values almost never are.</summary>
    public static bool IsFiller(ReadOnlySpan<char> value)
    {
        if (value.EndsWith("here", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // One pass: runs of four filler characters, and steps up by one (a token is checked at every finding, so no
        // multi-string search here).
        var judgeSequence = value.Length is >= 6 and <= 40;
        var ascending = 0;
        var run = 1;
        for (var i = 1; i < value.Length; i++)
        {
            var a = value[i - 1];
            var b = value[i];
            if ((b | 0x20) == (a | 0x20) && b is 'x' or 'X' or '#' or '*')
            {
                if (++run == 4)
                {
                    return true;
                }
            }
            else
            {
                run = 1;
            }

            if (judgeSequence && (b | 0x20) == (a | 0x20) + 1 && char.IsAsciiLetterOrDigit(a) && char.IsAsciiLetterOrDigit(b))
            {
                ascending++;
            }
        }

        // Random alphanumerics step up by one about once in 36 pairs; 40% is a typed sequence. Only short values are judged
        // so (a long token is not typed by hand), and UUID-shaped keys are left to the name they are assigned to.
        return judgeSequence && ascending * 5 >= (value.Length - 1) * 2 && !TextRules.IsUuid(value);
    }

    /// <summary>Whether the value is a template name in braces (<c>{SumoAccessKey}</c>, <c>{api.key}</c>: letters only inside;
    /// the closing brace may be cut off by the caller) or a constant's name (<c>ACCESS_TOKEN</c>).</summary>
    private static bool IsNamePlaceholder(ReadOnlySpan<char> value)
    {
        if (value.Length >= 2 && value[0] == '{')
        {
            var inner = value[^1] == '}' ? value[1..^1] : value[1..];
            return !inner.IsEmpty && !inner.ContainsAnyExcept(s_nameChars);
        }

        return value.Contains('_') && !value.ContainsAnyExcept(s_constantChars);
    }

    /// <summary>Whether the value looks like code rather than a literal: a member access or call (<c>self.password</c>,
    /// <c>get_token()</c>), written in lower case with no digits.</summary>
    public static bool IsCodeReference(ReadOnlySpan<char> value)
    {
        var hasSeparator = false;
        foreach (var c in value)
        {
            if (c is '.' or '(' or ')' or '[' or ']' or '_' or '-')
            {
                hasSeparator |= c is '.' or '(';
                continue;
            }

            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return hasSeparator || (value.Length > 0 && !value.ContainsAnyInRange('A', 'Z'));
    }

    /// <summary>Whether an unquoted value is a code expression rather than a literal: a call, index or generic type
    /// (<c>AzureCliCredential()</c>, <c>Optional[str]</c>, <c>configRoot["Api:Key"]</c>, <c>List&lt;IChangeToken&gt;</c>: an
    /// identifier of three or more characters, then an opening bracket) or a member access with C#'s null-forgiving
    /// <c>!</c> (<c>Settings.OpenAI.ApiKey!</c>, <c>default!</c>).</summary>
    public static bool IsCodeExpression(ReadOnlySpan<char> value)
    {
        var end = value.IndexOfAnyExcept(s_identifierChars);
        var head = end < 0 ? value : value[..end];
        if ((!head.ContainsAnyInRange('a', 'z') && !head.ContainsAnyInRange('A', 'Z')) || (!char.IsAsciiLetter(head[0]) && head[0] != '_'))
        {
            return false;
        }

        if (end < 0)
        {
            return head.SequenceEqual("default") || head.SequenceEqual("null");
        }

        var next = value[end];
        if (next is '(' or '[' or '<')
        {
            return end >= 3;
        }

        // default!, default*/ (a commented-out default), Settings.ApiKey!
        return (head.SequenceEqual("default") || head.SequenceEqual("null") || (head.Contains('.') && !head.ContainsAnyInRange('0', '9')))
            && value[end..] is "!" or "!," or "!;" or "*/" or "!)";
    }

    /// <summary>Whether an unquoted value is an identifier: ASCII letters (with <c>_</c> or <c>.</c>), no digit, in camel or
    /// Pascal case made of word-like parts (<c>cancellationToken</c>, <c>TokenCredential</c>, <c>openAIApiKey</c>: every run of
    /// lower-case letters at least two long, two and a half on average), or a constant's name in capitals
    /// (<c>GITHUBPERSONALACCESSTOKEN</c>). Random letters rarely look like this: their lower-case runs average two letters and
    /// often stand alone. After a password-sounding name, a single capitalised word (<c>Sunshine</c>) still counts as a
    /// value.</summary>
    /// <param name="value">The value.</param>
    /// <param name="isPassword">Whether the name says password.</param>
    public static bool IsIdentifier(ReadOnlySpan<char> value, bool isPassword)
    {
        if (value.Length < 6 || value.ContainsAnyExcept(s_nameChars) || value.Contains('-'))
        {
            return false;
        }

        int runs = 0, lowers = 0, run = 0, humps = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && char.IsAsciiLetterLower(value[i]))
            {
                run++;
                continue;
            }

            if (run > 0)
            {
                if (run < 2)
                {
                    return false;
                }

                humps += i < value.Length && char.IsAsciiLetterUpper(value[i]) ? 1 : 0;
                runs++;
                lowers += run;
                run = 0;
            }
        }

        if (runs == 0)
        {
            // Capitals only: a constant's name.
            return value.Length >= 8;
        }

        return 2 * lowers >= 5 * runs && (!isPassword || humps > 0);
    }

    /// <summary>Whether a value assigned to a secret-sounding name is plausibly a real secret.</summary>
    /// <param name="value">The value.</param>
    /// <param name="isPassword">Whether the name says password (people's passwords are shorter and less random than tokens).</param>
    /// <param name="quoted">Whether the value was quoted (an unquoted lower-case identifier is more likely code).</param>
    public static DlpConfidence? Assess(ReadOnlySpan<char> value, bool isPassword, bool quoted)
    {
        if (value.Length < (isPassword ? 6 : 8) || value.Length > 2048 || IsPlaceholder(value))
        {
            return null;
        }

        if (value.Contains(' ') && !isPassword)
        {
            return null;
        }

        if (!quoted && (IsCodeReference(value) || IsCodeExpression(value) || IsIdentifier(value, isPassword)))
        {
            return null;
        }

        // A quoted identifier is a name, not a key or token: Optional["TokenCredential"], "gen_ai.request.max_tokens",
        // Literal["AccessToken", "access_token"]. (A quoted password may still be a passphrase of words.)
        if (quoted && !isPassword && value.ContainsAnyInRange('a', 'z') && IsIdentifier(value, isPassword: false))
        {
            return null;
        }

        if (TextRules.IsBase64OfText(value) || IsVersionOrDate(value) || IsPackageVersion(value) || IsVersionRange(value) || IsLowerCasePath(value))
        {
            return null;
        }

        var classes = TextRules.CharacterClasses(value);
        var entropy = TextRules.Entropy(value);
        if (isPassword)
        {
            // A passphrase of plain lower-case words with no digit is more often prose or a field label than a password.
            if (classes < 2 && value.Length < 12)
            {
                return null;
            }

            return entropy >= 3.0 ? DlpConfidence.High : entropy >= 2.3 ? DlpConfidence.Medium : null;
        }

        if (classes < 2 || entropy < 3.0)
        {
            return null;
        }

        return TextRules.IsUuid(value) ? DlpConfidence.Low : entropy >= 3.5 ? DlpConfidence.High : DlpConfidence.Medium;
    }

    /// <summary>Whether the value names a package at a version: words, then <c>-</c>, <c>@</c> or <c>:</c> and a dotted
    /// version (<c>jjwt-jackson-0.11.2</c>, <c>lodash@4.17.21</c>).</summary>
    public static bool IsPackageVersion(ReadOnlySpan<char> value)
    {
        var cut = value.LastIndexOfAny('-', '@', ':');
        if (cut <= 0 || cut == value.Length - 1)
        {
            return false;
        }

        var name = value[..cut];
        var version = value[(cut + 1)..];
        return char.IsAsciiDigit(version[0]) && version.Contains('.') && !version.ContainsAnyExcept(s_versionChars)
            && !name.ContainsAnyExcept(s_packageNameChars);
    }

    /// <summary>Whether the value is a lower-case path or image reference with few digits (<c>ghcr.io/github/github-mcp-server</c>
    /// after <c>"-e", "GITHUB_PERSONAL_ACCESS_TOKEN"</c> in an MCP server's docker arguments, <c>/run/secrets/db_password</c>):
    /// a secret with a slash is base64 and has capitals.</summary>
    public static bool IsLowerCasePath(ReadOnlySpan<char> value) =>
        value.Contains('/') && !value.ContainsAnyExcept(s_pathChars) && 4 * value.Count('/') <= value.Length
        && 4 * CountDigits(value) <= value.Length;

    private static int CountDigits(ReadOnlySpan<char> value)
    {
        var count = 0;
        foreach (var c in value)
        {
            count += char.IsAsciiDigit(c) ? 1 : 0;
        }

        return count;
    }

    /// <summary>Whether the value is a semantic-version range (<c>^5.0.0 || ^6.0.2</c>, <c>&gt;=1.2 &lt;2</c>, <c>~1.2.x</c>), as
    /// package manifests give after names ending in <c>pass</c> (<c>"minipass": "^7.0.0"</c>).</summary>
    public static bool IsVersionRange(ReadOnlySpan<char> value) =>
        value.Contains('.') && value.IndexOfAnyInRange('0', '9') >= 0 && !value.ContainsAnyExcept(s_rangeChars);

    /// <summary>Whether the value is a version (<c>1.2.3</c>, <c>v2.0.1-beta</c>) or a date/time stamp: digits and separators.</summary>
    public static bool IsVersionOrDate(ReadOnlySpan<char> value)
    {
        var v = value.StartsWith("v") || value.StartsWith("V") ? value[1..] : value;
        if (v.IsEmpty || v.Length > 40 || !char.IsAsciiDigit(v[0]))
        {
            return false;
        }

        var letters = 0;
        foreach (var c in v)
        {
            if (char.IsAsciiLetter(c))
            {
                letters++;
            }
            else if (!(char.IsAsciiDigit(c) || c is '.' or '-' or ':' or '+' or '/' or '_'))
            {
                return false;
            }
        }

        // 2024-05-01T12:34:56Z has two letters; 1.2.3-beta has more, but only in a suffix after digits and dots.
        return letters <= 2 || v.IndexOfAny('.', '-') is > 0 and < 6;
    }
}
