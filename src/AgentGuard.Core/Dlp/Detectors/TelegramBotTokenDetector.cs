namespace AgentGuard;

/// <summary>Telegram bot tokens: the bot's numeric id (8 to 10 digits), a colon and 35 characters of base64url (34 when they
/// start with <c>AA</c>, as in widely copied examples)
/// (<c>123456789:AAH…</c>), alone or right after <c>bot</c> in a Bot API URL.</summary>
internal sealed class TelegramBotTokenDetector() : BuiltInDetector(DlpDetectorNames.TelegramBotToken, DlpKind.Secret)
{
    private const int SecretLength = 35;

    public override DlpTrigger Triggers => DlpTrigger.DigitToken;

    public override int MatchDigitToken(ReadOnlySpan<char> text, int start, List<DlpDetection> hits)
    {
        var digits = NumberRules.Digits(text, start, 11);
        var colon = start + digits;
        if (digits is < 8 or > 10 || colon >= text.Length || text[colon] != ':')
        {
            return start + 1;
        }

        var length = TextRules.CountRun(text, colon + 1, TextRules.Base64Url, SecretLength + 1);
        var end = colon + 1 + length;
        var secret = text.Slice(colon + 1, length);

        // Tokens carry 35 characters after the colon; widely copied examples starting "AA" carry 34, and are still tokens.
        var aa = secret.StartsWith("AA", StringComparison.Ordinal);
        if (!(length == SecretLength || (aa && length == SecretLength - 1)) || !TextRules.IsRightBoundary(text, end, TextRules.Base64Url)
            || TextRules.CharacterClasses(secret) < 3 || TextRules.Entropy(secret) < 3.5)
        {
            return end;
        }

        Report(hits, start, end - start, aa ? DlpConfidence.High : DlpConfidence.Medium);
        return end;
    }
}
