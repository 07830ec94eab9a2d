namespace AgentGuard;

/// <summary>Creates the built-in detectors.</summary>
internal static class BuiltInDetectorCatalog
{
    public static IEnumerable<BuiltInDetector> Create()
    {
        foreach (var detector in TokenRules.Create())
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
    }
}
