namespace AgentGuard;

/// <summary>Secrets assigned to secret-sounding names: <c>password = "…"</c>, <c>API_KEY: …</c>, <c>"client_secret": "…"</c>,
/// <c>--token …</c>, <c>&lt;password&gt;…</c>. The value is the finding when it passes the entropy and placeholder checks.</summary>
internal sealed class GenericSecretDetector() : BuiltInDetector(DlpDetectorNames.GenericSecret, DlpKind.Secret)
{
    private const int MaxName = 64;
    private const int MaxValue = 2048;

    private static readonly System.Buffers.SearchValues<char> s_plainStop = System.Buffers.SearchValues.Create(" \t\r\n,;'\"<>)}]\\&`");

    private static readonly System.Buffers.SearchValues<char> s_plainEnd = System.Buffers.SearchValues.Create(" \t\r\n'\"`");

    private static readonly string[] s_passwordSuffixes = ["password", "passwd", "pwd", "passphrase", "pass"];

    private static readonly string[] s_secretSuffixes =
    [
        "secret", "token", "apikey", "accesskey", "secretkey", "privatekey", "signingkey", "encryptionkey", "masterkey", "authkey",
        "credential", "credentials", "clientkey", "appkey", "serviceaccountkey", "webhooksecret", "accountkey", "storagekey", "secrete",
    ];

    private static readonly string[] s_notSecretSuffixes =
    [
        "pagetoken", "nexttoken", "continuationtoken", "synctoken", "cursortoken", "paginationtoken", "resumetoken", "starttoken",
        "endtoken", "eostoken", "bostoken", "padtoken", "unktoken", "septoken", "clstoken", "masktoken", "stoptoken", "specialtoken",
        "publictoken", "publickeytoken", "csrftoken", "xsrftoken", "bypass", "compass", "overpass", "underpass", "surpass", "trespass", "encompass", "firstpass", "secondpass", "multipass",
    ];

    private static readonly (string Suffix, NameClass Class)[][] s_suffixesByLast = IndexSuffixes();

    /// <summary>What a name says about the value assigned to it.</summary>
    public enum NameClass
    {
        None,
        Password,
        Secret,
    }

    /// <remarks>Anchors only need to land inside a name: the detector reads the whole identifier around them
    /// (<c>DB_PASSWORD</c>, <c>x-api-key</c>, <c>clientSecret</c>) and classifies it by its ending.</remarks>
    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.AnyCase("pass", "pwd", "secret", "token", "key", "credential");

    /// <summary>Classifies an identifier (<c>DB_PASSWORD</c>, <c>apiKey</c>, <c>x-api-key</c>) by its normalised ending.</summary>
    public static NameClass Classify(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxName)
        {
            return NameClass.None;
        }

        Span<char> normalized = stackalloc char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                normalized[n++] = char.ToLowerInvariant(c);
            }
            else if (c is not ('_' or '-' or '.' or ' '))
            {
                return NameClass.None;
            }
        }

        var key = normalized[..n];
        if (key.IsEmpty)
        {
            return NameClass.None;
        }

        // Only suffixes ending in the name's last character can match; they are listed in the order the classes take
        // precedence (not a secret, then password, then secret), so the first match decides.
        foreach (var (suffix, nameClass) in s_suffixesByLast[key[^1]])
        {
            if (suffix.Length <= key.Length && key.EndsWith(suffix, StringComparison.Ordinal))
            {
                return nameClass;
            }
        }

        return NameClass.None;
    }

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var nameStart = index;
        while (nameStart > 0 && index - nameStart <= MaxName && IsNameChar(text[nameStart - 1]))
        {
            nameStart--;
        }

        var nameEnd = index + keywordLength;
        while (nameEnd < text.Length && nameEnd - nameStart <= MaxName && IsNameChar(text[nameEnd]))
        {
            nameEnd++;
        }

        if (nameEnd - nameStart > MaxName)
        {
            return nameEnd;
        }

        // "\npassword=…" in raw JSON: the escape's letter is not part of the name.
        if (nameStart >= 1 && nameStart + 1 < nameEnd && text[nameStart] is 'n' or 'r' or 't' && nameStart > 0 && text[nameStart - 1] == '\\')
        {
            nameStart++;
        }

        var name = text[nameStart..nameEnd];
        var nameClass = Classify(name.TrimStart('-'));
        if (nameClass == NameClass.None)
        {
            return nameEnd;
        }

        var p = SkipQuote(text, nameEnd);
        if (p == nameEnd)
        {
            p = SkipArrayBrackets(text, p); // char secret[25] = "…", secret[] = "…"
        }
        else if (p < text.Length && text[p] == ']' && nameStart >= 2 && text[nameStart - 2] == '[')
        {
            p++; // os.environ["OPENAI_API_KEY"] = "…", config['password'] = "…"
        }

        var operatorStart = p;
        int valueStart, valueEnd;
        bool quoted;
        if (p > nameEnd && TryAttributePair(text, nameStart, p, out valueStart, out valueEnd))
        {
            // <add key="ClearTextPassword" value="…" /> (appSettings, nuget.config), in either attribute order.
            quoted = true;
        }
        else if (TryNameValuePair(text, nameStart, p, out valueStart, out valueEnd, out quoted))
        {
            // - name: DB_PASSWORD / value: "…" (Kubernetes env), {"name": "API_KEY", "value": "…"} (ECS task definitions).
            p = valueEnd;
        }
        else
        {
            p = SkipSpaces(text, p);
            var call = operatorStart > nameEnd && p < text.Length && text[p] == ',';
            if (call)
            {
                // ("api_token", "…"): a quoted name and a quoted value as a call's arguments (GetEnvOrDefault, setdefault).
                p = SkipSpaces(text, p + 1);
                if (p >= text.Length || text[p] is not ('"' or '\''))
                {
                    return nameEnd;
                }
            }
            else if (!TryOperator(text, ref p, name, nameStart, p > operatorStart))
            {
                // "…" == password: a literal compared with the name, written the other way round.
                if (TryComparedBefore(text, nameStart, out valueStart, out valueEnd)
                    && SecretValueRules.Assess(text[valueStart..valueEnd], nameClass == NameClass.Password, quoted: true) is { } before)
                {
                    Report(hits, valueStart, valueEnd - valueStart, before);
                }

                return nameEnd;
            }

            // A comparison (api_key != "…", token === "…") only with a literal: "password == confirmPassword" is code.
            var comparison = text[operatorStart..p].Contains("==", StringComparison.Ordinal) || text[operatorStart..p].Contains("!=", StringComparison.Ordinal);
            p = SkipSpaces(text, p);
            (valueStart, valueEnd, quoted) = ReadValue(text, p);
            if ((call || comparison) && !quoted)
            {
                return nameEnd;
            }

            // ' value ': spaces just inside the quotes are padding, not part of the secret.
            while (quoted && valueEnd - valueStart > 1 && text[valueStart] == ' ')
            {
                valueStart++;
            }

            while (quoted && valueEnd - valueStart > 1 && text[valueEnd - 1] == ' ')
            {
                valueEnd--;
            }
        }
        if (valueEnd <= valueStart)
        {
            return Math.Max(p, nameEnd);
        }

        var confidence = SecretValueRules.Assess(text[valueStart..valueEnd], nameClass == NameClass.Password, quoted);
        if (confidence is { } c)
        {
            Report(hits, valueStart, valueEnd - valueStart, c);
        }

        return valueEnd;
    }

    /// <summary>The suffixes by their last character (lower-case ASCII letters and digits), each list in order of precedence.</summary>
    private static (string Suffix, NameClass Class)[][] IndexSuffixes()
    {
        var byLast = new List<(string, NameClass)>[128];
        foreach (var (suffixes, nameClass) in new[] { (s_notSecretSuffixes, NameClass.None), (s_passwordSuffixes, NameClass.Password), (s_secretSuffixes, NameClass.Secret) })
        {
            foreach (var suffix in suffixes)
            {
                (byLast[suffix[^1]] ??= []).Add((suffix, nameClass));
            }
        }

        return [.. byLast.Select(static l => l is null ? [] : l.ToArray())];
    }

    /// <summary>Reads the value of an XML element whose <c>key</c> attribute holds the name: <c>&lt;add key="Password"
    /// value="…" /&gt;</c> or <c>&lt;add value="…" key="Password" /&gt;</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="nameStart">Where the name starts (just after the key attribute's opening quote).</param>
    /// <param name="afterName">Just past the key attribute's closing quote.</param>
    /// <param name="valueStart">Where the value starts.</param>
    /// <param name="valueEnd">Where the value ends.</param>
    private static bool TryAttributePair(ReadOnlySpan<char> text, int nameStart, int afterName, out int valueStart, out int valueEnd)
    {
        valueStart = valueEnd = 0;
        var quote = text[afterName - 1];
        if (nameStart < 1 || text[nameStart - 1] != quote || quote is not ('"' or '\''))
        {
            return false;
        }

        var before = text[..(nameStart - 1)].TrimEnd(" \t");
        if (!before.EndsWith('=') || !before[..^1].TrimEnd(" \t").EndsWith("key", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var keyAt = before[..^1].TrimEnd(" \t").Length - 3;
        if (keyAt == 0 || !char.IsWhiteSpace(text[keyAt - 1]))
        {
            return false;
        }

        // value="…" after the key, in the same element.
        var p = afterName;
        while (p < text.Length && char.IsWhiteSpace(text[p]) && p - afterName < 64)
        {
            p++;
        }

        if (p > afterName && TryQuotedAttribute(text, p, out valueStart, out valueEnd))
        {
            return true;
        }

        // value="…" before it: search back to the element's '<'.
        var from = Math.Max(0, keyAt - MaxValue - 16);
        var open = text[from..keyAt].LastIndexOfAny('<', '>');
        if (open < 0 || text[from + open] != '<')
        {
            return false;
        }

        var element = text[(from + open)..keyAt];
        var at = element.IndexOf("value", StringComparison.OrdinalIgnoreCase);
        return at > 0 && char.IsWhiteSpace(element[at - 1]) && TryQuotedAttribute(text, from + open + at, out valueStart, out valueEnd);
    }

    /// <summary>Reads the value of a name/value pair whose <c>name</c> (or <c>key</c>) member holds the name:
    /// <c>- name: DB_PASSWORD⏎  value: "…"</c> (Kubernetes container env), <c>{"name": "API_KEY", "value": "…"}</c> (ECS task
    /// definitions, many APIs' settings lists).</summary>
    /// <param name="text">The text.</param>
    /// <param name="nameStart">Where the name starts.</param>
    /// <param name="afterName">Just past the name and its closing quote, if any.</param>
    /// <param name="valueStart">Where the value starts.</param>
    /// <param name="valueEnd">Where the value ends.</param>
    /// <param name="quoted">Whether the value is quoted.</param>
    private static bool TryNameValuePair(ReadOnlySpan<char> text, int nameStart, int afterName, out int valueStart, out int valueEnd, out bool quoted)
    {
        valueStart = valueEnd = 0;
        quoted = false;
        var open = nameStart > 0 && text[nameStart - 1] is '"' or '\'' ? nameStart - 1 : nameStart;
        if (open > 0 && text[open] is '"' or '\'' && text[open - 1] == '\\')
        {
            open--; // \"name\": \"API_KEY\" in a JSON string
        }

        var before = text[Math.Max(0, open - 16)..open].TrimEnd(" \t");
        if (before.IsEmpty || before[^1] is not (':' or '='))
        {
            return false;
        }

        before = before[..^1].TrimEnd(" \t").TrimEnd("\"'\\");
        var member = before.EndsWith("name", StringComparison.OrdinalIgnoreCase) ? 4 : before.EndsWith("key", StringComparison.OrdinalIgnoreCase) ? 3 : 0;
        if (member == 0 || (before.Length > member && IsNameChar(before[^(member + 1)])))
        {
            return false;
        }

        // The value member follows after spaces, line breaks, a comma, a YAML item's indentation.
        var p = afterName;
        var limit = Math.Min(text.Length, afterName + 64);
        while (p < limit && text[p] is ' ' or '\t' or '\r' or '\n' or ',' or '\\' && !(text[p] == '\\' && p + 1 < text.Length && text[p + 1] is '"' or '\''))
        {
            p++;
        }

        p = SkipQuote(text, p);
        if (!text[p..].StartsWith("value", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        p = SkipSpaces(text, SkipQuote(text, p + 5));
        if (p >= text.Length || text[p] is not (':' or '='))
        {
            return false;
        }

        (valueStart, valueEnd, quoted) = ReadValue(text, SkipSpaces(text, p + 1));
        return valueEnd > valueStart;
    }

    /// <summary>Reads <c>value = "…"</c> at <paramref name="p"/>.</summary>
    private static bool TryQuotedAttribute(ReadOnlySpan<char> text, int p, out int valueStart, out int valueEnd)
    {
        valueStart = valueEnd = 0;
        if (!text[p..].StartsWith("value", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        p = SkipSpaces(text, p + 5);
        if (p >= text.Length || text[p] != '=')
        {
            return false;
        }

        p = SkipSpaces(text, p + 1);
        if (p >= text.Length || text[p] is not ('"' or '\''))
        {
            return false;
        }

        var quote = text[p];
        var window = text[(p + 1)..Math.Min(text.Length, p + 2 + MaxValue)];
        var length = window.IndexOf(quote);
        if (length <= 0)
        {
            return false;
        }

        valueStart = p + 1;
        valueEnd = p + 1 + length;
        return true;
    }

    /// <summary>Skips <c>[]</c> or <c>[25]</c> after a name (a C array declaration).</summary>
    private static int SkipArrayBrackets(ReadOnlySpan<char> text, int p)
    {
        if (p >= text.Length || text[p] != '[')
        {
            return p;
        }

        var q = p + 1;
        while (q < text.Length && q - p <= 6 && char.IsAsciiDigit(text[q]))
        {
            q++;
        }

        return q < text.Length && text[q] == ']' ? q + 1 : p;
    }

    /// <summary>Reads the quoted literal of <c>"…" == name</c> (or <c>!=</c>, <c>===</c>, <c>!==</c>) before the name.</summary>
    private static bool TryComparedBefore(ReadOnlySpan<char> text, int nameStart, out int valueStart, out int valueEnd)
    {
        valueStart = valueEnd = 0;
        var p = nameStart;
        while (p > 0 && text[p - 1] is ' ' or '\t')
        {
            p--;
        }

        var op = p;
        while (op > 0 && p - op < 3 && text[op - 1] == '=')
        {
            op--;
        }

        if (p - op < 2 && !(p - op == 1 && op > 0 && text[op - 1] == '!'))
        {
            return false;
        }

        if (op > 0 && text[op - 1] == '!')
        {
            op--;
        }

        while (op > 0 && text[op - 1] is ' ' or '\t')
        {
            op--;
        }

        if (op < 2 || text[op - 1] is not ('"' or '\''))
        {
            return false;
        }

        var quote = text[op - 1];
        var from = Math.Max(0, op - 1 - MaxValue);
        var open = text[from..(op - 1)].LastIndexOf(quote);
        if (open < 0)
        {
            return false;
        }

        valueStart = from + open + 1;
        valueEnd = op - 1;
        return valueEnd > valueStart;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    private static int SkipQuote(ReadOnlySpan<char> text, int p)
    {
        if (p + 1 < text.Length && text[p] == '\\' && text[p + 1] is '"' or '\'')
        {
            return p + 2;
        }

        return p < text.Length && text[p] is '"' or '\'' or '`' ? p + 1 : p;
    }

    private static int SkipSpaces(ReadOnlySpan<char> text, int p)
    {
        while (p < text.Length && text[p] is ' ' or '\t')
        {
            p++;
        }

        return p;
    }

    private static bool TryOperator(ReadOnlySpan<char> text, ref int p, ReadOnlySpan<char> name, int nameStart, bool spaced)
    {
        if (p >= text.Length)
        {
            return false;
        }

        var c = text[p];
        var next = p + 1 < text.Length ? text[p + 1] : '\0';
        if (c == ':' && next == '=')
        {
            p += 2;
        }
        else if (c == '=' && next is '>' or '=')
        {
            p += p + 2 < text.Length && next == '=' && text[p + 2] == '=' ? 3 : 2;
        }
        else if (c == '!' && next == '=')
        {
            p += p + 2 < text.Length && text[p + 2] == '=' ? 3 : 2;
        }
        else if (c is '?' or '+' && next == '=')
        {
            p += 2; // Makefile: NAME ?= value, NAME += value
        }
        else if (c == ':' && next == ':')
        {
            // Makefile: NAME ::= value, NAME :::= value
            var colons = p;
            while (colons < text.Length && text[colons] == ':' && colons - p < 3)
            {
                colons++;
            }

            if (colons >= text.Length || text[colons] != '=')
            {
                return false;
            }

            p = colons + 1;
        }
        else if (c is '=' or ':')
        {
            p++;
        }
        else if (c == '>' && nameStart > 0 && text[nameStart - 1] == '<')
        {
            p++; // <password>value</password>
        }
        else if (spaced && name.StartsWith("-", StringComparison.Ordinal))
        {
            // --password value
        }
        else
        {
            return false;
        }

        return true;
    }

    private static (int Start, int End, bool Quoted) ReadValue(ReadOnlySpan<char> text, int p)
    {
        if (p >= text.Length)
        {
            return (p, p, false);
        }

        if (text[p] == '@' && p + 1 < text.Length && text[p + 1] == '"')
        {
            p++; // @"…": a C# verbatim or Objective-C string
        }

        var escaped = text[p] == '\\' && p + 1 < text.Length && text[p + 1] is '"' or '\'';
        var open = escaped ? text[p + 1] : text[p];
        if (escaped || open is '"' or '\'' or '`')
        {
            var start = p + (escaped ? 2 : 1);
            var window = text[start..Math.Min(text.Length, start + MaxValue + 1)];
            var length = escaped ? window.IndexOf(['\\', open]) : window.IndexOf(open);
            if (!escaped)
            {
                var escape = window.IndexOf('\\');
                if (escape >= 0 && (length < 0 || escape < length))
                {
                    // A quoted value with escapes is rare for a secret and hard to bound exactly; stop at the escape.
                    length = escape;
                }
            }

            return length < 0 ? (start, start, true) : (start, start + length, true);
        }

        var plain = text[p..Math.Min(text.Length, p + MaxValue + 1)];
        var end = plain.IndexOfAny(s_plainStop);
        end = end < 0 ? plain.Length : end;
        if (end < plain.Length && plain[end] is ')' or '}' or ']' && plain[..end].ContainsAny('(', '{', '['))
        {
            // A bracket opened inside the value (m{{h}o)p…): the value runs to the next space or quote, less a trailing comma.
            var space = plain.IndexOfAny(s_plainEnd);
            end = space < 0 ? plain.Length : space;
            if (end > 0 && plain[end - 1] is ',' or ';')
            {
                end--;
            }
        }
        return end > MaxValue ? (p, p, false) : (p, p + end, false);
    }
}
