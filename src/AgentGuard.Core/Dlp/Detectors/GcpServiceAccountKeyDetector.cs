namespace AgentGuard;

/// <summary>Google Cloud service-account key files: a JSON document with <c>"type": "service_account"</c> and a
/// <c>"private_key"</c> holding a PEM block (its line breaks escaped as <c>\n</c>, or escaped twice when the file is itself a
/// JSON string). The structure identifies the key even when the PEM body is short or elided; the PEM block is the finding.</summary>
internal sealed class GcpServiceAccountKeyDetector() : BuiltInDetector(DlpDetectorNames.GcpServiceAccountKey, DlpKind.Secret)
{
    private const string Begin = "-----BEGIN ";
    private const string End = "PRIVATE KEY-----";
    private const int Window = 4096;
    private const int MaxKey = 16_384;

    // The prefilter searches for "account" (see docs/dlp.md on choosing anchors).
    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.Exact("service_^account");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var after = index + keywordLength;

        // The value of a "type" member: the name closes a quoted string ("service_account" or \"service_account\").
        if (after >= text.Length || text[after] is not ('"' or '\\') || index == 0 || text[index - 1] is not ('"' or '\\'))
        {
            return after;
        }

        var window = text[after..Math.Min(text.Length, after + Window)];
        var name = window.IndexOf("private_key", StringComparison.Ordinal);
        while (name >= 0 && name + 11 < window.Length && window[name + 11] == '_')
        {
            // private_key_id comes first in Google's files.
            var next = window[(name + 11)..].IndexOf("private_key", StringComparison.Ordinal);
            name = next < 0 ? -1 : name + 11 + next;
        }

        if (name < 0)
        {
            return after;
        }

        // "private_key": "-----BEGIN PRIVATE KEY-----\n…", with the quotes possibly escaped: only quotes, backslashes, spaces and
        // a colon may stand between the name and the PEM header.
        var p = after + name + 11;
        var limit = Math.Min(text.Length, p + 16);
        while (p < limit && text[p] is '"' or '\\' or ' ' or ':' or '\t')
        {
            p++;
        }

        if (!text[p..].StartsWith(Begin, StringComparison.Ordinal))
        {
            return after;
        }

        var body = text[p..Math.Min(text.Length, p + MaxKey)];
        var endAt = body.IndexOf("-----END ", StringComparison.Ordinal);
        var headerEnd = body.IndexOf(End, StringComparison.Ordinal);
        if (endAt < 0 || !body[endAt..].StartsWith("-----END " + End, StringComparison.Ordinal) || headerEnd < 0 || headerEnd > endAt
            || KeyMaterial(body[(headerEnd + End.Length)..endAt]) < 16)
        {
            return p;
        }

        var end = p + endAt + 9 + End.Length;
        Report(hits, p, end - p, DlpConfidence.High);
        return end;
    }

    /// <summary>The base64 characters of a PEM body whose line breaks may be escaped (<c>\n</c>, <c>\\n</c>).</summary>
    private static int KeyMaterial(ReadOnlySpan<char> body)
    {
        var count = 0;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\')
            {
                while (i + 1 < body.Length && body[i + 1] == '\\')
                {
                    i++;
                }

                i++; // the escaped letter
                continue;
            }

            if (TextRules.IsBase64Char(body[i]))
            {
                count++;
            }
        }

        return count;
    }
}
