using System.Buffers;

namespace AgentGuard;

/// <summary>The built-in prefixed-token detectors: cloud, source-control, chat, payment and AI provider credentials.</summary>
/// <remarks>Formats follow the providers' documentation and the public rule sets of secret scanners (gitleaks,
/// trufflehog, detect-secrets).</remarks>
internal static class TokenRules
{
    private static readonly SearchValues<char> s_slackBody = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-");
    private static readonly SearchValues<char> s_webhookBody = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz/+_-");
    private static readonly SearchValues<char> s_letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    private static readonly SearchValues<char> s_base64UrlEq = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-=");
    private static readonly SearchValues<char> s_hexDash = SearchValues.Create("0123456789abcdefABCDEF-");
    private static readonly SearchValues<char> s_word = TextRules.Word;
    private static readonly SearchValues<char> s_upperAlnumDot = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.");
    private static readonly SearchValues<char> s_bech32Upper = SearchValues.Create("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L");
    private static readonly SearchValues<char> s_teamsBody = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-@/");
    private static readonly SearchValues<char> s_base64UrlDot = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-.");

    public static IEnumerable<BuiltInDetector> Create()
    {
        yield return new TokenDetector(DlpDetectorNames.AwsAccessKeyId, DlpKind.Secret,
            ["AKIA", "ASIA", "ABIA"],
            TextRules.UpperAlnum, 16, 16, 3.0, AwsKeyId);
        yield return new TokenDetector(DlpDetectorNames.GoogleApiKey, DlpKind.Secret, ["AIza"], TextRules.Base64Url, 35, 35, 3.0);
        yield return new TokenDetector(DlpDetectorNames.GoogleOAuthClientSecret, DlpKind.Secret, ["GOCSPX-"], TextRules.Base64Url, 28, 28, 3.0);
        yield return new TokenDetector(DlpDetectorNames.GoogleOAuthAccessToken, DlpKind.Secret, ["ya29."], TextRules.Base64Url, 30, 2048, 3.5);
        yield return new TokenDetector(DlpDetectorNames.GitHubPersonalAccessToken, DlpKind.Secret, ["ghp_"], TextRules.Alnum, 36, 36, 3.0, Crc32Checked);
        yield return new TokenDetector(DlpDetectorNames.GitHubOAuthToken, DlpKind.Secret, ["gho_"], TextRules.Alnum, 36, 36, 3.0, Crc32Checked);
        yield return new TokenDetector(DlpDetectorNames.GitHubAppToken, DlpKind.Secret, ["ghu_", "ghs_"], TextRules.Alnum, 36, 36, 3.0, Crc32Checked);
        yield return new TokenDetector(DlpDetectorNames.GitHubRefreshToken, DlpKind.Secret, ["ghr_"], TextRules.Alnum, 36, 80, 3.0);
        yield return new TokenDetector(DlpDetectorNames.GitHubFineGrainedToken, DlpKind.Secret, ["githu^b_pat_"], s_word, 82, 82, 3.0);
        yield return new TokenDetector(DlpDetectorNames.GitLabToken, DlpKind.Secret,
            ["glpat-", "gldt-", "glrt-", "glcbt-", "glptt-", "glft-", "glsoat-", "glffct-", "glimt-", "glagent-", "gloas-", "glwt-", "GR1348941"],
            TextRules.Base64Url, 20, 80, 3.0);
        yield return new TokenDetector(DlpDetectorNames.SlackToken, DlpKind.Secret,
            ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxo-", "xoxe-", "xoxe.xoxb-", "xoxe.xoxp-", "xapp-"],
            s_slackBody, 10, 255, 0, SlackToken);
        yield return new TokenDetector(DlpDetectorNames.SlackWebhook, DlpKind.Secret,
            ["hooks^.slack.com/services/", "hooks^.slack.com/workflows/", "hooks^.slack.com/triggers/"],
            s_webhookBody, 20, 160, 3.0, SlackWebhook, leftBoundary: false);
        yield return new TokenDetector(DlpDetectorNames.DiscordWebhook, DlpKind.Secret,
            ["disco^rd.com/api/webhooks/", "disco^rdapp.com/api/webhooks/"], s_webhookBody, 60, 120, 3.0, leftBoundary: false);
        yield return new TokenDetector(DlpDetectorNames.TeamsWebhook, DlpKind.Secret,
            ["webhook^.office.com/webhookb2/"], s_teamsBody, 60, 300, 3.0, leftBoundary: false);
        yield return new TokenDetector(DlpDetectorNames.StripeKey, DlpKind.Secret,
            ["s^k_live_", "s^k_test_", "s^k_prod_", "r^k_live_", "r^k_test_", "r^k_prod_"], TextRules.Alnum, 10, 247, 3.0);
        yield return new TokenDetector(DlpDetectorNames.StripeWebhookSecret, DlpKind.Secret, ["whsec_"], TextRules.Alnum, 32, 64, 3.0);
        yield return new TokenDetector(DlpDetectorNames.OpenAIApiKey, DlpKind.Secret,
            ["s^k-proj-", "s^k-svcacct-", "s^k-admin-", "s^k-None-"], TextRules.Base64Url, 40, 300, 3.5, OpenAIMarker);
        yield return new TokenDetector(DlpDetectorNames.HerokuApiKey, DlpKind.Secret, ["HRKU-"], TextRules.Base64Url, 58, 60, 3.5);
        yield return new TokenDetector(DlpDetectorNames.AwsAccessKeyId, DlpKind.Secret, ["A3T"], TextRules.UpperAlnum, 17, 17, 3.0, AwsKeyId);
        yield return new TokenDetector(DlpDetectorNames.AnthropicApiKey, DlpKind.Secret,
            ["s^k-ant-api03-", "s^k-ant-admin01-", "s^k-ant-oat01-", "s^k-ant-ort01-"], TextRules.Base64Url, 80, 120, 3.5, AnthropicKey);
        yield return new TokenDetector(DlpDetectorNames.NpmToken, DlpKind.Secret, ["npm_"], TextRules.Alnum, 36, 36, 3.0, Crc32Checked);
        yield return new TokenDetector(DlpDetectorNames.NuGetApiKey, DlpKind.Secret, ["oy2"], TextRules.LowerAlnum, 43, 43, 3.0);
        yield return new TokenDetector(DlpDetectorNames.PyPIToken, DlpKind.Secret, ["pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw"], TextRules.Base64Url, 50, 400, 3.0);
        yield return new TokenDetector(DlpDetectorNames.SendGridApiKey, DlpKind.Secret, ["SG."], s_base64UrlDot, 66, 66, 3.0, SendGrid);
        yield return new TokenDetector(DlpDetectorNames.MailgunApiKey, DlpKind.Secret, ["key-"], TextRules.LowerAlnum, 32, 32, 3.0, HasDigit);
        yield return new TokenDetector(DlpDetectorNames.ShopifyToken, DlpKind.Secret, ["shpat_", "shpca_", "shppa_", "shpss_"], TextRules.Hex, 32, 32, 3.0);
        yield return new TokenDetector(DlpDetectorNames.HashiCorpVaultToken, DlpKind.Secret, ["hvs.", "hvb."], TextRules.Base64Url, 24, 1024, 3.0);
        yield return new TokenDetector(DlpDetectorNames.DatabricksToken, DlpKind.Secret, ["dapi"], TextRules.LowerHex, 32, 32, 3.0);
        yield return new TokenDetector(DlpDetectorNames.DigitalOceanToken, DlpKind.Secret, ["dop^_v1_", "doo^_v1_", "dor^_v1_"], TextRules.LowerHex, 64, 64, 3.0);
        yield return new TokenDetector(DlpDetectorNames.HuggingFaceToken, DlpKind.Secret, ["hf_"], s_letters, 34, 34, 3.5);
        yield return new TokenDetector(DlpDetectorNames.AtlassianApiToken, DlpKind.Secret, ["ATA^TT3", "ATC^TT3"], s_base64UrlEq, 150, 250, 3.5);
        yield return new TokenDetector(DlpDetectorNames.PostmanApiKey, DlpKind.Secret, ["PMAK-"], s_hexDash, 59, 59, 3.0);
        yield return new TokenDetector(DlpDetectorNames.LinearApiKey, DlpKind.Secret, ["li^n_api_"], TextRules.Alnum, 40, 40, 3.0);
        yield return new TokenDetector(DlpDetectorNames.GrafanaToken, DlpKind.Secret, ["glsa_", "glc_"], s_base64UrlEq, 32, 400, 3.0);
        yield return new TokenDetector(DlpDetectorNames.DopplerToken, DlpKind.Secret, ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."], TextRules.Alnum, 40, 44, 3.0);
        yield return new TokenDetector(DlpDetectorNames.AgeSecretKey, DlpKind.Secret, ["AGE^-SECRET-KEY-1"], s_bech32Upper, 58, 58, 3.0);
        yield return new TokenDetector(DlpDetectorNames.SquareToken, DlpKind.Secret, ["sq0atp-", "sq0csp-", "s^andbox-sq0atb-", "s^andbox-sq0csb-"], TextRules.Base64Url, 22, 80, 3.5);
        yield return new TokenDetector(DlpDetectorNames.AlibabaAccessKeyId, DlpKind.Secret, ["LTAI"], TextRules.Alnum, 20, 20, 3.0);
        yield return new TokenDetector(DlpDetectorNames.SentryToken, DlpKind.Secret, ["sntrys_", "sntryu_"], s_base64UrlEq, 40, 400, 3.5);
        yield return new TokenDetector(DlpDetectorNames.PulumiToken, DlpKind.Secret, ["p^ul-"], TextRules.LowerHex, 40, 40, 3.0);
        yield return new TokenDetector(DlpDetectorNames.NewRelicKey, DlpKind.Secret, ["NRAK-"], TextRules.UpperAlnum, 27, 27, 3.0);
        yield return new TokenDetector(DlpDetectorNames.DynatraceToken, DlpKind.Secret, ["dt0c01."], s_upperAlnumDot, 89, 89, 3.0);
        yield return new TokenDetector(DlpDetectorNames.JFrogToken, DlpKind.Secret, ["AKCp"], TextRules.Alnum, 69, 69, 3.0);
        yield return new TokenDetector(DlpDetectorNames.GroqApiKey, DlpKind.Secret, ["gsk_"], TextRules.Alnum, 52, 52, 3.5);
        yield return new TokenDetector(DlpDetectorNames.XaiApiKey, DlpKind.Secret, ["xai-"], TextRules.Alnum, 80, 80, 3.5);
        yield return new TokenDetector(DlpDetectorNames.PerplexityApiKey, DlpKind.Secret, ["p^plx-"], TextRules.Alnum, 48, 48, 3.5);
        yield return new TokenDetector(DlpDetectorNames.ReplicateApiToken, DlpKind.Secret, ["r8_"], TextRules.Alnum, 37, 37, 3.5);
        yield return new TokenDetector(DlpDetectorNames.MapboxSecretToken, DlpKind.Secret, ["s^k.eyJ"], s_base64UrlDot, 60, 400, 3.5);
        yield return new TokenDetector(DlpDetectorNames.SupabaseToken, DlpKind.Secret, ["sbp_"], TextRules.LowerHex, 40, 40, 3.0);
        yield return new TokenDetector(DlpDetectorNames.NetlifyToken, DlpKind.Secret, ["nfp_"], TextRules.Alnum, 36, 36, 3.0);
        yield return new TokenDetector(DlpDetectorNames.PlanetScaleToken, DlpKind.Secret, ["pscale_tkn_", "pscale_pw_", "pscale_oauth_"], TextRules.Base64Url, 32, 64, 3.0);
        yield return new TokenDetector(DlpDetectorNames.NotionToken, DlpKind.Secret, ["ntn_"], TextRules.Alnum, 46, 46, 3.0);
        yield return new TokenDetector(DlpDetectorNames.AgentGuardHandle, DlpKind.Secret, ["agh_"], TextRules.Base64Url, 22, 512, 0);
    }

    private static DlpConfidence? AwsKeyId(ReadOnlySpan<char> token, ReadOnlySpan<char> body)
    {
        if (body.EndsWith("EXAMPLE", StringComparison.Ordinal))
        {
            // AWS's documentation uses ids ending in EXAMPLE as placeholders.
            return null;
        }

        // Real key ids are base32: digits 0, 1, 8 and 9 never occur.
        return body.ContainsAny('0', '1', '8') || body.Contains('9') ? DlpConfidence.Medium : DlpConfidence.High;
    }

    private static DlpConfidence? Crc32Checked(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        Checksums.HasCrc32Base62Suffix(token, token.Length - body.Length) ? DlpConfidence.High : DlpConfidence.Medium;

    private static DlpConfidence? SlackToken(ReadOnlySpan<char> token, ReadOnlySpan<char> body)
    {
        // xoxb-<team>-<bot>-<secret>, xoxp-<team>-<user>-<id>-<secret>, xapp-<n>-<app>-<n>-<secret>: digit groups and dashes.
        // A token cut short at a placeholder ("…-####") ends in a dash; a random part that is a word or a phrase
        // ("SlackAppConfigurationAccessToken…") is filler, which the caller rules out.
        // The randomness is in the last part: the numeric ids before it may be anything (documentation uses 1111…).
        var dashes = body.Count('-');
        var secret = body[(body.LastIndexOf('-') + 1)..];
        return dashes >= 1 && body.IndexOfAnyInRange('0', '9') >= 0 && token.Length >= 20 && !body.EndsWith('-')
            && secret.Length >= 8 && TextRules.Entropy(secret) >= (secret.Length >= 16 ? 3.0 : 2.5) && !SecretValueRules.IsFiller(secret)
            ? DlpConfidence.High
            : null;
    }

    private static DlpConfidence? SlackWebhook(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body.Count('/') >= 2 || token.Contains("/triggers/", StringComparison.Ordinal) || token.Contains("/workflows/", StringComparison.Ordinal)
            ? DlpConfidence.High
            : null;

    private static DlpConfidence? OpenAIMarker(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body.Contains("T3BlbkFJ", StringComparison.Ordinal) ? DlpConfidence.High
        : TextRules.CharacterClasses(body) >= 3 ? DlpConfidence.Medium : null;

    private static DlpConfidence? AnthropicKey(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body.EndsWith("AA", StringComparison.Ordinal) ? DlpConfidence.High : DlpConfidence.Medium;

    private static DlpConfidence? SendGrid(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body.Length == 66 && body[22] == '.' && body.Count('.') == 1 ? DlpConfidence.High : null;

    private static DlpConfidence? HasDigit(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body.IndexOfAnyInRange('0', '9') >= 0 && body.IndexOfAnyInRange('a', 'z') >= 0 ? DlpConfidence.Medium : null;
}
