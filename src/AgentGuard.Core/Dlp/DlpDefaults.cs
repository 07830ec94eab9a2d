namespace AgentGuard;

internal static class DlpDefaults
{
    public const DlpRedactionStyle Redaction = DlpRedactionStyle.Placeholder;
    public const DlpConfidence MinimumConfidence = DlpConfidence.Low;
    public const int KeywordWindow = 64;
    public const int MaxJsonDepth = 256;
    public const int MinHmacKeyBytes = 16;
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1); // backtracking custom patterns only; NonBacktracking ones are linear
}
