namespace AgentGuard;

/// <summary>The values of a Kubernetes <c>kind: Secret</c> manifest, in YAML or JSON: each value under <c>data</c> (base64)
/// and <c>stringData</c> (plain text) is a finding, block scalars (<c>|</c>, <c>&gt;</c>) included.</summary>
/// <remarks>Anchored on "secret": the detector checks that the word is the value of <c>kind</c>, then reads the manifest
/// (the YAML document between <c>---</c> separators, at most <see cref="Window"/> characters either way). Templated values
/// (<c>{{ … }}</c>, <c>${…}</c>, <c>&lt;…&gt;</c>), data values that are not base64 and data values under 12 characters
/// (a few bytes: "bar", "true") are not reported.</remarks>
internal sealed class KubernetesSecretDetector() : BuiltInDetector(DlpDetectorNames.KubernetesSecret, DlpKind.Secret)
{
    private const int Window = 8192;

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.AnyCase("secret");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var end = index + keywordLength;
        if (!IsKindValue(text, index, end, out var json))
        {
            return end;
        }

        // The manifest: the YAML document around the kind, or the window for JSON.
        var from = Math.Max(0, index - Window);
        var to = Math.Min(text.Length, end + Window);
        if (!json)
        {
            var before = text[from..index].LastIndexOf("\n---", StringComparison.Ordinal);
            if (before >= 0)
            {
                from += before + 4;
            }

            var after = text[end..to].IndexOf("\n---", StringComparison.Ordinal);
            if (after >= 0)
            {
                to = end + after;
            }
        }

        var document = text[from..to];
        if (json)
        {
            ReadJsonSection(document, from, "\"data\"", base64: true, hits);
            ReadJsonSection(document, from, "\"stringData\"", base64: false, hits);
        }
        else
        {
            ReadYamlSections(document, from, hits);
        }

        return to;
    }

    /// <summary>Whether "secret" at <c>[index, end)</c> is the whole value of a <c>kind</c> key.</summary>
    private static bool IsKindValue(ReadOnlySpan<char> text, int index, int end, out bool json)
    {
        json = false;
        var p = index;
        var quote = p > 0 && text[p - 1] is '"' or '\'' ? text[--p] : '\0';
        if (quote != '\0' && (end >= text.Length || text[end] != quote))
        {
            return false;
        }

        var after = quote != '\0' ? end + 1 : end;
        if (after < text.Length && !(text[after] is ' ' or '\t' or '\r' or '\n' or ',' or '}'))
        {
            return false;
        }

        while (p > 0 && text[p - 1] is ' ' or '\t')
        {
            p--;
        }

        if (p == 0 || text[p - 1] != ':')
        {
            return false;
        }

        p--;
        while (p > 0 && text[p - 1] is ' ' or '\t')
        {
            p--;
        }

        if (p > 0 && text[p - 1] is '"' or '\'')
        {
            json = text[p - 1] == '"' && quote == '"';
            p--;
        }

        return p >= 4 && text[(p - 4)..p].Equals("kind", StringComparison.OrdinalIgnoreCase)
            && (p == 4 || !char.IsAsciiLetterOrDigit(text[p - 5]));
    }

    /// <summary>Reports the values of every <c>data:</c> and <c>stringData:</c> mapping in a YAML document.</summary>
    private void ReadYamlSections(ReadOnlySpan<char> document, int offset, List<DlpDetection> hits)
    {
        var line = 0;
        while (line < document.Length)
        {
            var next = NextLine(document, line);
            var indent = Indent(document, line, next);
            var content = document[(line + indent)..next].TrimEnd();
            var base64 = content.SequenceEqual("data:");
            if (base64 || content.SequenceEqual("stringData:"))
            {
                line = ReadYamlEntries(document, offset, next, indent, base64, hits);
                continue;
            }

            line = next;
        }
    }

    /// <summary>Reads the entries indented under a section key; returns where the section ends.</summary>
    private int ReadYamlEntries(ReadOnlySpan<char> document, int offset, int line, int sectionIndent, bool base64, List<DlpDetection> hits)
    {
        var entryIndent = -1;
        while (line < document.Length)
        {
            var next = NextLine(document, line);
            var indent = Indent(document, line, next);
            var content = document[(line + indent)..next].TrimEnd();
            if (content.IsEmpty || content[0] == '#')
            {
                line = next;
                continue;
            }

            if (indent <= sectionIndent || (entryIndent >= 0 && indent < entryIndent))
            {
                return line;
            }

            entryIndent = entryIndent < 0 ? indent : entryIndent;
            var colon = content.IndexOf(": ");
            var valueAt = colon < 0 ? -1 : colon + 2;
            if (colon < 0 && content.EndsWith(':'))
            {
                valueAt = content.Length;
            }

            if (valueAt < 0)
            {
                line = next;
                continue;
            }

            var valueStart = line + indent + valueAt;
            var value = content[valueAt..].Trim();
            valueStart += content[valueAt..].Length - content[valueAt..].TrimStart().Length;
            if (value.Length > 0 && value[0] is '|' or '>' && value.Length <= 3)
            {
                // A block scalar: the lines indented deeper than the entry.
                var blockStart = -1;
                var blockEnd = -1;
                var p = next;
                while (p < document.Length)
                {
                    var after = NextLine(document, p);
                    var blockIndent = Indent(document, p, after);
                    var blockLine = document[(p + blockIndent)..after].TrimEnd();
                    if (!blockLine.IsEmpty && blockIndent <= indent)
                    {
                        break;
                    }

                    if (!blockLine.IsEmpty)
                    {
                        blockStart = blockStart < 0 ? p + blockIndent : blockStart;
                        blockEnd = p + blockIndent + blockLine.Length;
                    }

                    p = after;
                }

                if (blockStart >= 0 && Accept(document[blockStart..blockEnd], base64))
                {
                    Report(hits, offset + blockStart, blockEnd - blockStart, DlpConfidence.High);
                }

                line = p;
                continue;
            }

            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0])
            {
                value = value[1..^1];
                valueStart++;
            }

            if (Accept(value, base64))
            {
                Report(hits, offset + valueStart, value.Length, DlpConfidence.High);
            }

            line = next;
        }

        return line;
    }

    /// <summary>Reports the string values of the JSON object that follows <paramref name="key"/>.</summary>
    private void ReadJsonSection(ReadOnlySpan<char> document, int offset, string key, bool base64, List<DlpDetection> hits)
    {
        var at = document.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var p = at + key.Length;
        while (p < document.Length && document[p] is ' ' or '\t' or '\r' or '\n' or ':')
        {
            p++;
        }

        if (p >= document.Length || document[p] != '{')
        {
            return;
        }

        p++;
        var close = document[p..].IndexOf('}');
        var body = close < 0 ? document[p..] : document[p..(p + close)];
        var i = 0;
        var isValue = false;
        while (i < body.Length)
        {
            var open = body[i..].IndexOf('"');
            if (open < 0)
            {
                return;
            }

            var start = i + open + 1;
            var length = body[start..].IndexOf('"');
            if (length < 0)
            {
                return;
            }

            if (isValue && Accept(body.Slice(start, length), base64))
            {
                Report(hits, offset + p + start, length, DlpConfidence.High);
            }

            i = start + length + 1;
            var separator = body[i..].IndexOfAnyExcept(" \t\r\n");
            isValue = separator >= 0 && body[i + separator] == ':';
        }
    }

    private static bool Accept(ReadOnlySpan<char> value, bool base64)
    {
        if (value.Length < 4 || value.Contains("{{", StringComparison.Ordinal) || SecretValueRules.IsPlaceholder(value))
        {
            return false;
        }

        if (!base64)
        {
            return true;
        }

        // A few bytes ("bar", "true", "1") are settings more often than secrets.
        if (value.Length < 12)
        {
            return false;
        }

        // Base64 (folded block scalars may break it over lines): the alphabet only, and a length that decodes.
        var characters = 0;
        foreach (var c in value)
        {
            if (TextRules.IsBase64Char(c) || c is '-' or '_')
            {
                characters++;
            }
            else if (c == '=')
            {
                characters++;
            }
            else if (!char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return characters % 4 == 0 || !value.Contains('=');
    }

    private static int NextLine(ReadOnlySpan<char> document, int line)
    {
        var newline = document[line..].IndexOf('\n');
        return newline < 0 ? document.Length : line + newline + 1;
    }

    private static int Indent(ReadOnlySpan<char> document, int line, int next)
    {
        var indent = 0;
        while (line + indent < next && document[line + indent] is ' ' or '\t')
        {
            indent++;
        }

        return indent;
    }
}
