namespace AgentGuard;

/// <summary>Creates the built-in detectors.</summary>
internal static class BuiltInDetectorCatalog
{
    /// <summary>Creates the detectors.</summary>
    /// <param name="includeEncoded">Whether to include the detector that decodes base64 and scans it again (left out of that
    /// inner scan, so decoding goes one level deep).</param>
    public static IEnumerable<BuiltInDetector> Create(bool includeEncoded = true)
    {
        foreach (var detector in TokenRules.Create())
        {
            yield return detector;
        }

        foreach (var detector in PlatformTokenRules.Create())
        {
            yield return detector;
        }

        foreach (var detector in KeyValueSecretDetector.Create())
        {
            yield return detector;
        }

        foreach (var detector in AuthorizationDetector.Create())
        {
            yield return detector;
        }

        yield return new AuthorizationHeaderDetector();
        yield return new CurlCredentialsDetector();
        yield return new KubernetesSecretDetector();
        yield return new AwsSecretKeyDetector();
        yield return new AzureAdClientSecretDetector();
        yield return new JwtDetector();
        yield return new PrivateKeyDetector();
        yield return new UrlCredentialsDetector();
        yield return new ConnectionStringDetector();
        yield return new GenericSecretDetector();
        yield return new CreditCardDetector();
        yield return new UsSsnDetector();
        yield return new IbanDetector();
        yield return new EmailAddressDetector();
        yield return new PhoneNumberDetector();
        yield return new IPv4Detector();
        yield return new IPv6Detector();
        yield return new UsItinDetector();
        yield return new PassportNumberDetector();
        yield return new BitcoinAddressDetector();
        yield return new EthereumAddressDetector();
        yield return new TelegramBotTokenDetector();
        yield return new MailchimpApiKeyDetector();
        yield return new TerraformCloudTokenDetector();
        yield return new SidekiqSecretDetector();
        yield return new JenkinsSecretDetector();
        yield return new GcpServiceAccountKeyDetector();
        yield return new EntraRefreshTokenDetector();
        foreach (var detector in NearbyValueDetector.Create())
        {
            yield return detector;
        }

        foreach (var detector in InfixTokenDetector.Create())
        {
            yield return detector;
        }

        foreach (var detector in ContextTokenDetector.Create())
        {
            yield return detector;
        }

        if (includeEncoded)
        {
            yield return new EncodedSecretDetector();
        }
    }
}
