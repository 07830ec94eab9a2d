using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentGuard;

public static partial class McpToolScanner
{
    private const int RegexTimeoutMilliseconds = 250;
    private const int MinBlobLength = 64;

    private static readonly (string RuleId, McpFindingSeverity Severity, Func<Regex> Pattern, string Message)[] s_instructionRules =
    [
        ("mcp.poison.hidden_block", McpFindingSeverity.High, HiddenBlock, "a tag-style block addressed to the model"),
        ("mcp.poison.instruction_override", McpFindingSeverity.High, Override, "an attempt to override the model's other instructions"),
        ("mcp.poison.concealment", McpFindingSeverity.High, Concealment, "an instruction to keep something from the user"),
        ("mcp.poison.sensitive_path", McpFindingSeverity.High, SensitivePath, "a reference to credentials or another client's configuration"),
        ("mcp.poison.exfiltration", McpFindingSeverity.Medium, Exfiltration, "an instruction to send data to an address"),
        ("mcp.poison.cross_tool", McpFindingSeverity.Medium, CrossTool, "an instruction about how other tools must be used"),
        ("mcp.poison.concealment", McpFindingSeverity.Medium, Stealth, "a request to act silently"),
        ("mcp.poison.pressure", McpFindingSeverity.Low, Pressure, "pressure words aimed at the model"),
    ];

    private static void ScanText(ScanState scan, string text, string location, TextRole role)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (text.Length > MaxScannedLength)
        {
            scan.Add("mcp.poison.oversized_description", McpFindingSeverity.Medium, location, $"{text.Length} characters; only the first {MaxScannedLength} were scanned", string.Empty);
            text = text[..MaxScannedLength];
        }

        var hidden = ScanInvisible(scan, text, location);
        var normalized = Normalize(text, out var lookalikes);
        if (lookalikes > 0 && MixesScripts(text))
        {
            scan.Add("mcp.poison.lookalike_letters", McpFindingSeverity.Medium, location, $"{lookalikes} letter(s) from another script that look like Latin letters", Printable(text));
        }

        MatchInstructions(scan, normalized, location, floor: null);
        if (role == TextRole.ParameterDescription)
        {
            Match(scan, normalized, location, ParameterHarvest(), "mcp.poison.hidden_parameter", McpFindingSeverity.High,
                "a parameter that asks the model for file contents, the conversation or secrets");
            Match(scan, normalized, location, ParameterSecret(), "mcp.poison.hidden_parameter", McpFindingSeverity.Medium,
                "a parameter that asks the model for a credential");
        }

        if (hidden is not null)
        {
            MatchInstructions(scan, Normalize(hidden, out _), location + " (tag characters)", floor: McpFindingSeverity.High);
        }

        ScanBlobs(scan, text, location);
        ScanShadowing(scan, normalized, location);
    }

    private static void MatchInstructions(ScanState scan, string normalized, string location, McpFindingSeverity? floor)
    {
        foreach (var (ruleId, severity, pattern, message) in s_instructionRules)
        {
            Match(scan, normalized, location, pattern(), ruleId, floor is { } f && f > severity ? f : severity, message);
        }
    }

    private static bool Match(ScanState scan, string normalized, string location, Regex pattern, string ruleId, McpFindingSeverity severity, string message)
    {
        System.Text.RegularExpressions.Match match;
        try
        {
            match = pattern.Match(normalized);
        }
        catch (RegexMatchTimeoutException)
        {
            // Text built to stall the scanner is itself a finding; fail closed.
            scan.Add(ruleId, McpFindingSeverity.High, location, "the text could not be scanned in time", string.Empty);
            return true;
        }

        if (!match.Success)
        {
            return false;
        }

        scan.Add(ruleId, severity, location, message, Printable(normalized, Math.Max(0, match.Index - 10), match.Length + 20));
        return true;
    }

    private static void ScanBlobs(ScanState scan, string text, string location)
    {
        foreach (System.Text.RegularExpressions.Match blob in Blob().Matches(text))
        {
            var value = blob.Value;
            if (!value.Any(char.IsAsciiLetterUpper) || !value.Any(char.IsAsciiLetterLower))
            {
                continue;
            }

            var decoded = TryDecodeText(value);
            if (decoded is not null)
            {
                var before = scan.Count;
                MatchInstructions(scan, Normalize(decoded, out _), location + " (base64)", floor: McpFindingSeverity.High);
                if (scan.Count > before)
                {
                    continue;
                }
            }

            scan.Add("mcp.poison.encoded_blob", McpFindingSeverity.Medium, location, $"a {value.Length}-character encoded blob the user cannot read", Printable(value, 0, 40));
        }
    }

    private static string? TryDecodeText(string blob)
    {
        var standard = blob.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(standard.Length)];
        if (Base64.DecodeFromUtf8(Encoding.ASCII.GetBytes(standard), bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return null;
        }

        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes, 0, written);
            var printable = text.Count(static c => !char.IsControl(c) || c is '\n' or '\r' or '\t');
            return printable >= text.Length * 9 / 10 ? text : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static void ScanShadowing(ScanState scan, string normalized, string location)
    {
        foreach (var other in scan.OtherToolNames)
        {
            var at = normalized.IndexOf(other, StringComparison.Ordinal);
            while (at >= 0)
            {
                var end = at + other.Length;
                var startsWord = at == 0 || !char.IsLetterOrDigit(normalized[at - 1]);
                var endsWord = end == normalized.Length || !char.IsLetterOrDigit(normalized[end]);
                if (startsWord && endsWord)
                {
                    scan.Add("mcp.poison.cross_tool", McpFindingSeverity.High, location,
                        $"names another server's tool ('{other}'): a definition that tries to steer other tools", Printable(normalized, Math.Max(0, at - 20), other.Length + 40));
                    break;
                }

                at = normalized.IndexOf(other, at + 1, StringComparison.Ordinal);
            }
        }
    }

    private static bool MixesScripts(string text)
    {
        // Look-alikes inside a word that also has ASCII letters: "pаssword" with a Cyrillic а.
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F && Lookalike(text[i]) != '\0')
            {
                var left = i > 0 && char.IsAsciiLetter(text[i - 1]);
                var right = i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]);
                if (left || right)
                {
                    return true;
                }
            }
        }

        return false;
    }

    [GeneratedRegex(@"<\s*/?\s*(important|system|instructions?|secret|hidden|admin|critical|note\s+to\s+(the\s+)?(ai|model|assistant)|assistant|ai|model|llm|rules?|context|sys)\b[^<>]{0,40}>|\[\s*/?\s*(inst|system|sys)\s*\]|<\|\s*(im\s*start|system|endoftext)\s*\|>|#{2,}\s*(system|instructions?)\b", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex HiddenBlock();

    [GeneratedRegex(@"\b(ignore|disregard|forget|override|bypass|skip)\s+(all\s+|any\s+|the\s+|your\s+|of\s+)*(previous|prior|above|earlier|preceding|other|system|original|existing|safety)\s+(\w+\s+){0,2}(instructions?|prompts?|rules|directions|guidelines|messages|guardrails|policies)\b|\byou\s+are\s+now\b|\bnew\s+instructions?\s*:|\bfrom\s+now\s+on\b[^.]{0,20}\byou\b|\bact\s+as\s+(if|though)\s+you\b", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex Override();

    [GeneratedRegex(@"\b(do\s+not|don't|dont|never|must\s+not|should\s+not|shouldn't|without)\s+(ever\s+)?(tell|telling|inform|informing|mention|mentioning|reveal|revealing|show|showing|notify|notifying|disclose|disclosing|alert|alerting|ask|asking|let)\b(\s+\w+){0,4}?\s+(the\s+)?(user|human|person|operator)\b|\b(hide|conceal|keep)\s+(this|it|that|these|them)(\s+\w+){0,3}\s+(from|secret\s+from)\s+(the\s+)?(user|human)\b|\bthe\s+(user|human)\s+(must|should|will|need|needs)\s+(not|never)\s+(to\s+)?(know|see|notice|find\s+out|be\s+told)\b", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex Concealment();

    [GeneratedRegex(@"\b(silently|secretly|quietly|covertly|stealthily|invisibly)\b|\bin\s+the\s+background\s+without\b", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex Stealth();

    [GeneratedRegex(@"~\s*/\s*\.ssh|\.ssh\s*/|\bid\s*(rsa|dsa|ecdsa|ed25519)\b|(^|[\s/'""`(])\.env\b|\bmcp\.json\b|claude\s*desktop\s*config|\.cursor\s*/|\.aws\s*/\s*(credentials|config)|\.git-credentials|\.npmrc|\.pypirc|\.netrc|\.pgpass|/etc/(passwd|shadow)|\.kube\s*/\s*config|\.docker\s*/\s*config|\bcredentials\.json\b|\bprivate\s*key\b|\bwallet\.dat\b|\.bash\s*history|\.gnupg\b|\bkeychain\b", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex SensitivePath();

    [GeneratedRegex(@"\b(send|post|upload|forward|transmit|exfiltrate|email|mail|copy|report|leak)\b[^.]{0,60}?\b(to|into)\s+(https?://|\S+@\S+\.\w+|the\s+following\s+(url|address|endpoint|webhook)|this\s+(url|address|endpoint|webhook))", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex Exfiltration();

    [GeneratedRegex(@"\b(when|whenever|before|after|instead\s+of)\s+(using|calling|invoking|running|you\s+use|you\s+call)\s+(any|the|another|other|all|every)\b[^.]{0,40}\btools?\b|\b(all|every|any|other)\s+(other\s+)?(tools?|servers?)\s+(must|should|have\s+to|need\s+to)\b|\b(this|the)\s+tool\s+(must|should)\s+(always\s+)?be\s+(used|called|invoked)\s+(before|instead)\b|\b(replace|redirect|reroute)\s+(all|every|any)\b[^.]{0,30}\b(calls?|emails?|messages?|recipients?)\b", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex CrossTool();

    [GeneratedRegex(@"\b(very\s+)?(important|critical|urgent|mandatory)\s*[:!]|\byou\s+must\s+(always|never|first)\b|\bbefore\s+(doing\s+)?anything\s+else\b|\bthis\s+is\s+(very\s+)?(important|critical)\b", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex Pressure();

    [GeneratedRegex(@"\b(content|contents|text|body|data)\s+of\b[^.]{0,50}\b(file|files|directory|folder|config|configuration|document|key|~|home)\b|\b(read|cat|paste|include|provide|pass|insert|put|attach|copy|dump|embed)\s+(in\s+)?(the\s+)?(full\s+|entire\s+|complete\s+|whole\s+|raw\s+)?(contents?|text|body)\s+(of|from)\b|\b(conversation|chat|message)\s+(history|log|transcript)\b|\b(previous|prior|earlier|all)\s+(user\s+)?messages\b|\bsystem\s+prompt\b|\byour\s+(instructions|prompt)\b", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex ParameterHarvest();

    [GeneratedRegex(@"\b(api\s*key|apikey|password|passphrase|secret|access\s*token|bearer\s*token|session\s*token|credential|credentials|cookie|ssh\s*key)s?\b", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex ParameterSecret();

    [GeneratedRegex(@"[A-Za-z0-9+/_-]{64,}={0,2}", RegexOptions.CultureInvariant, RegexTimeoutMilliseconds)]
    private static partial Regex Blob();
}
