using System.Buffers;

namespace AgentGuard;

/// <summary>More prefixed-token detectors: password managers, deployment and code-quality platforms, package registries,
/// shipping, payment and mail providers.</summary>
/// <remarks>Each format is the provider's documented prefix, alphabet and length (and structure where the token has groups);
/// the token detector's entropy check and <see cref="SecretValueRules.IsFiller"/> keep placeholders such as
/// <c>sgp_xxxx…</c> or <c>…TokenHere</c> out. Kept apart from <see cref="TokenRules"/> so either list can grow on its own.
/// Prefixes that share a beginning (<c>shippo_live_</c>, <c>shippo_test_</c>) share one prefilter anchor: every exact anchor
/// group of 24 is one more vectorised pass over clean text.</remarks>
internal static class PlatformTokenRules
{
    private static readonly SearchValues<char> s_upperAlnumDash = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-");
    private static readonly SearchValues<char> s_base64Any = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/_-");
    private static readonly SearchValues<char> s_base64 = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/");
    private static readonly SearchValues<char> s_base64UrlDot = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-.");
    private static readonly SearchValues<char> s_hexUnderscore = SearchValues.Create("0123456789abcdefABCDEF_");
    private static readonly SearchValues<char> s_hexDash = SearchValues.Create("0123456789abcdefABCDEF-");
    private static readonly SearchValues<char> s_hexDashX = SearchValues.Create("0123456789abcdefABCDEF-X");
    private static readonly SearchValues<char> s_lowerAlnumDash = SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyz-");
    private static readonly SearchValues<char> s_alnumDash = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-");
    private static readonly SearchValues<char> s_appPassword = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_=.-");
    private static readonly SearchValues<char> s_bitbucketServer = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/@_-");
    private static readonly SearchValues<char> s_word = TextRules.Word;
    private static readonly SearchValues<char> s_base64UrlEq = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-=");
    private static readonly SearchValues<char> s_lowerHexUnderscore = SearchValues.Create("0123456789abcdef_");
    private static readonly SearchValues<char> s_letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public static IEnumerable<BuiltInDetector> Create()
    {
        // 1Password account secret keys: A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX (the 11 sometimes split 6-5).
        yield return new TokenDetector(DlpDetectorNames.OnePasswordSecretKey, DlpKind.Secret, ["A3-"], s_upperAlnumDash, 36, 37, 3.0, OnePasswordGroups);

        // 1Password service-account tokens: ops_ and base64 of a JSON object.
        yield return new TokenDetector(DlpDetectorNames.OnePasswordServiceAccountToken, DlpKind.Secret, ["ops_eyJ"], s_base64Any, 100, 2048, 4.0);

        // Facebook user and page access tokens: EAA and a long alphanumeric run.
        yield return new TokenDetector(DlpDetectorNames.FacebookAccessToken, DlpKind.Secret, ["EAA"], TextRules.Alnum, 90, 400, 4.0, Mixed);

        // Fly.io: fo1_ + 43 (org tokens), fm1a_/fm1r_/fm2_ + base64 macaroons (deploy and auth tokens, often after "FlyV1 ").
        yield return new TokenDetector(DlpDetectorNames.FlyIoToken, DlpKind.Secret, ["fo1_"], TextRules.Base64Url, 43, 43, 3.5);
        yield return new TokenDetector(DlpDetectorNames.FlyIoToken, DlpKind.Secret, ["fm1a_", "fm1r_", "fm2_"], s_base64, 64, 4096, 4.0, keywords: DlpKeyword.Exact("fm1", "fm2_"));

        // Hugging Face organisation tokens.
        yield return new TokenDetector(DlpDetectorNames.HuggingFaceToken, DlpKind.Secret, ["api_^org_"], s_letters, 34, 34, 3.5);

        // Sourcegraph: sgp_ + 40 hex, sgp_local_ + 40 hex, sgp_ + 16 hex + _ + 40 hex.
        yield return new TokenDetector(DlpDetectorNames.SourcegraphToken, DlpKind.Secret, ["sgp_", "sgp_local_"], s_hexUnderscore, 40, 57, 3.0, Sourcegraph, keywords: DlpKeyword.Exact("sgp_"));

        // SonarQube / SonarCloud: project, user and global analysis tokens.
        yield return new TokenDetector(DlpDetectorNames.SonarQubeToken, DlpKind.Secret, ["sqp_", "squ_", "sqa_"], TextRules.Hex, 40, 40, 3.0);

        yield return new TokenDetector(DlpDetectorNames.EasyPostApiKey, DlpKind.Secret, ["EZAK", "EZTK"], TextRules.Alnum, 54, 54, 3.5);
        yield return new TokenDetector(DlpDetectorNames.PrefectApiKey, DlpKind.Secret, ["pnu_"], TextRules.Alnum, 36, 36, 3.5);
        yield return new TokenDetector(DlpDetectorNames.ReadMeApiKey, DlpKind.Secret, ["rdme_"], TextRules.LowerAlnum, 70, 70, 3.5);
        yield return new TokenDetector(DlpDetectorNames.RubyGemsApiKey, DlpKind.Secret, ["rubygems_"], TextRules.LowerHex, 48, 48, 3.0);
        yield return new TokenDetector(DlpDetectorNames.ScalingoApiToken, DlpKind.Secret, ["tk-us-"], TextRules.Base64Url, 48, 48, 3.5);
        yield return new TokenDetector(DlpDetectorNames.ShippoApiToken, DlpKind.Secret, ["shippo_live_", "shippo_test_"], TextRules.Hex, 40, 40, 3.0, keywords: DlpKeyword.Exact("shippo_"));
        yield return new TokenDetector(DlpDetectorNames.TypeformToken, DlpKind.Secret, ["tfp_"], s_base64UrlDot, 40, 80, 3.5, Mixed);
        yield return new TokenDetector(DlpDetectorNames.InfracostApiKey, DlpKind.Secret, ["ico-"], TextRules.Alnum, 32, 32, 3.5, UpperAndLower);
        yield return new TokenDetector(DlpDetectorNames.DuffelApiToken, DlpKind.Secret, ["duffel_live_", "duffel_test_"], TextRules.Base64Url, 43, 43, 3.5, keywords: DlpKeyword.Exact("duffel_"));
        yield return new TokenDetector(DlpDetectorNames.FlutterwaveSecretKey, DlpKind.Secret, ["FLWSECK-", "FLWSECK_TEST-"], s_hexDashX, 32, 34, 3.0, Flutterwave, keywords: DlpKeyword.Exact("FLWSECK"));
        yield return new TokenDetector(DlpDetectorNames.FrameIoToken, DlpKind.Secret, ["fio-u-"], TextRules.Base64Url, 64, 64, 3.5);
        yield return new TokenDetector(DlpDetectorNames.ClojarsToken, DlpKind.Secret, ["CLOJARS_"], TextRules.LowerAlnum, 60, 60, 3.5);
        yield return new TokenDetector(DlpDetectorNames.DefinedNetworkingApiToken, DlpKind.Secret, ["dnkey-"], s_lowerAlnumDash, 79, 79, 3.5, DefinedNetworking);
        yield return new TokenDetector(DlpDetectorNames.BrevoApiKey, DlpKind.Secret, ["xkey^sib-", "xsmtp^sib-"], s_alnumDash, 81, 81, 3.5, Brevo);

        // Amazon Bedrock long-lived API keys: ABSK + base64 of "BedrockAPIKey-…".
        yield return new TokenDetector(DlpDetectorNames.AwsBedrockApiKey, DlpKind.Secret, ["ABSKQmVkcm9ja0FQSUtleS"], s_base64, 40, 400, 4.0);

        // OpenShift OAuth access tokens.
        yield return new TokenDetector(DlpDetectorNames.OpenShiftToken, DlpKind.Secret, ["sha256~"], TextRules.Base64Url, 43, 43, 3.5);

        // JFrog/Artifactory reference tokens: base64 of "reftkn:01:…".
        yield return new TokenDetector(DlpDetectorNames.JFrogToken, DlpKind.Secret, ["cmVmdGtuOj"], TextRules.Alnum, 54, 54, 3.5);

        // 42 (intra.42.fr) OAuth client secrets.
        yield return new TokenDetector(DlpDetectorNames.Intra42ClientSecret, DlpKind.Secret, ["s-s4t2ud-", "s-s4t2af-"], TextRules.LowerHex, 64, 64, 3.0, keywords: DlpKeyword.Exact("s-s4t2"));

        // SettleMint personal, application and service access tokens.
        yield return new TokenDetector(DlpDetectorNames.SettleMintToken, DlpKind.Secret, ["sm_pat_", "sm_aat_", "sm_sat_"], TextRules.Alnum, 16, 16, 3.0, Mixed, keywords: DlpKeyword.Exact("sm_"));

        // Octopus Deploy API keys: API- and upper-case letters and digits.
        yield return new TokenDetector(DlpDetectorNames.OctopusDeployApiKey, DlpKind.Secret, ["API-"], TextRules.UpperAlnum, 25, 32, 3.5, NotHex);

        // ClickHouse Cloud API secrets.
        yield return new TokenDetector(DlpDetectorNames.ClickHouseApiSecret, DlpKind.Secret, ["4b1d"], TextRules.Alnum, 38, 38, 3.5, Mixed);

        // Adobe OAuth client secrets.
        yield return new TokenDetector(DlpDetectorNames.AdobeClientSecret, DlpKind.Secret, ["p8e-"], TextRules.Alnum, 32, 32, 3.5, LettersAndDigits);

        // Bitbucket Cloud app passwords: ATBB and (usually 32) letters and digits.
        yield return new TokenDetector(DlpDetectorNames.BitbucketAppPassword, DlpKind.Secret, ["A^TBB"], s_appPassword, 12, 64, 3.0, Mixed);

        // Bitbucket Server / Data Center HTTP access tokens: BBDC- and 44 base64 characters.
        yield return new TokenDetector(DlpDetectorNames.BitbucketServerToken, DlpKind.Secret, ["BB^DC-"], s_bitbucketServer, 40, 50, 3.5, Mixed);

        // Cloudflare API keys (cfk_), user and account API tokens (cfut_, cfat_): 40 letters and digits and an 8-hex checksum.
        yield return new TokenDetector(DlpDetectorNames.CloudflareApiToken, DlpKind.Secret, ["cfk_", "cfut_", "c^fat_"], TextRules.Alnum, 48, 48, 3.5, HexChecksum8);

        // Buildkite user API access tokens.
        yield return new TokenDetector(DlpDetectorNames.BuildkiteToken, DlpKind.Secret, ["bk^ua_"], TextRules.LowerAlnum, 40, 40, 3.5);

        // LangSmith personal access tokens and service keys: 32 hex, _, 10 hex.
        yield return new TokenDetector(DlpDetectorNames.LangSmithApiKey, DlpKind.Secret, ["lsv2_pt_", "lsv2_sk_"], s_lowerHexUnderscore, 43, 43, 3.0, LangSmith,
            keywords: DlpKeyword.Exact("l^sv2_"));

        // Pinecone API keys: pcsk_, a 5- or 6-character key id, _, and 63 letters and digits.
        yield return new TokenDetector(DlpDetectorNames.PineconeApiKey, DlpKind.Secret, ["pc^sk_"], s_word, 69, 70, 3.5, Pinecone);

        // New Relic Insights insert and query keys (NRII-, NRIQ-) and browser keys (NRJS-, NRBR-: 19 hex digits).
        yield return new TokenDetector(DlpDetectorNames.NewRelicKey, DlpKind.Secret, ["NR^II-", "NRIQ-"], TextRules.Base64Url, 25, 32, 3.5, Mixed);
        yield return new TokenDetector(DlpDetectorNames.NewRelicKey, DlpKind.Secret, ["NR^JS-", "NR^BR-"], TextRules.LowerHex, 19, 19, 2.5);

        // Figma personal access tokens (figd_ + 40) and plugin/OAuth-era tokens (figp_ + 40-54, possibly '='-padded).
        yield return new TokenDetector(DlpDetectorNames.FigmaToken, DlpKind.Secret, ["fi^gd_"], TextRules.Base64Url, 40, 40, 3.5, Mixed);
        yield return new TokenDetector(DlpDetectorNames.FigmaToken, DlpKind.Secret, ["figp_"], s_base64UrlEq, 40, 54, 3.5, Mixed);

        // Contentful personal access tokens (CMA): CFPAT- + 43.
        yield return new TokenDetector(DlpDetectorNames.ContentfulToken, DlpKind.Secret, ["CFPAT-"], TextRules.Base64Url, 43, 43, 3.5, Mixed);

        // Plaid access tokens: access-sandbox-, access-development- or access-production- and a UUID.
        yield return new TokenDetector(DlpDetectorNames.PlaidAccessToken, DlpKind.Secret, ["access-s^andbox-", "access-development-", "access-production-"],
            s_hexDash, 36, 36, 3.0, static (_, body) => TextRules.IsUuid(body) ? DlpConfidence.High : null);
    }

    private static DlpConfidence? OnePasswordGroups(ReadOnlySpan<char> token, ReadOnlySpan<char> body)
    {
        // 6-11-5-5-5 or 6-6-5-5-5-5.
        Span<int> lengths = stackalloc int[7];
        var groups = 0;
        foreach (var range in body.Split('-'))
        {
            if (groups == lengths.Length)
            {
                return null;
            }

            lengths[groups++] = range.End.Value - range.Start.Value;
        }

        var shape = lengths[..groups];
        var valid = shape.SequenceEqual([6, 11, 5, 5, 5]) || shape.SequenceEqual([6, 6, 5, 5, 5, 5]);
        return valid && LettersAndDigits(token, body) is not null ? DlpConfidence.High : null;
    }

    private static DlpConfidence? Sourcegraph(ReadOnlySpan<char> token, ReadOnlySpan<char> body)
    {
        if (token.StartsWith("sgp_local_", StringComparison.Ordinal))
        {
            return body.Length == 40 && !body.Contains('_') ? DlpConfidence.High : null;
        }

        return (body.Length == 40 && !body.Contains('_')) || (body.Length == 57 && body[16] == '_' && body.Count('_') == 1)
            ? DlpConfidence.High
            : null;
    }

    private static DlpConfidence? HexChecksum8(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        TextRules.IsHex(body[40..]) && TextRules.CharacterClasses(body[..40]) >= 2 ? DlpConfidence.High : null;

    private static DlpConfidence? LangSmith(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body[32] == '_' && body.Count('_') == 1 ? DlpConfidence.High : null;

    private static DlpConfidence? Pinecone(ReadOnlySpan<char> token, ReadOnlySpan<char> body)
    {
        var cut = body.IndexOf('_');
        return cut is 5 or 6 && body.Length - cut - 1 == 63 && body.Count('_') == 1 && TextRules.CharacterClasses(body[(cut + 1)..]) >= 3
            ? DlpConfidence.High
            : null;
    }

    private static DlpConfidence? Flutterwave(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        TextRules.IsHex(body[..32]) && (body.Length == 32 || body[32..] is "-X") ? DlpConfidence.High : null;

    private static DlpConfidence? DefinedNetworking(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body[26] == '-' && body.Count('-') == 1 ? DlpConfidence.High : null;

    private static DlpConfidence? Brevo(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body[64] == '-' && body.Count('-') == 1 && TextRules.IsHex(body[..64]) ? DlpConfidence.High : null;

    /// <summary>Upper and lower case, or letters and digits: a random alphanumeric body rather than a word or a number.</summary>
    private static DlpConfidence? Mixed(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        TextRules.CharacterClasses(body) >= 2 ? DlpConfidence.High : null;

    private static DlpConfidence? UpperAndLower(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body.ContainsAnyInRange('A', 'Z') && body.ContainsAnyInRange('a', 'z') ? DlpConfidence.High : null;

    /// <summary>Letters and digits with a letter past F: not a hex digest that happens to follow the prefix.</summary>
    private static DlpConfidence? NotHex(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body.ContainsAnyInRange('G', 'Z') && body.ContainsAnyInRange('0', '9') ? DlpConfidence.High : null;

    private static DlpConfidence? LettersAndDigits(ReadOnlySpan<char> token, ReadOnlySpan<char> body) =>
        body.ContainsAnyInRange('0', '9') && (body.ContainsAnyInRange('A', 'Z') || body.ContainsAnyInRange('a', 'z')) ? DlpConfidence.High : null;
}
