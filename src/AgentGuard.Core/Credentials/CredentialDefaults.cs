namespace AgentGuard;

internal static class CredentialDefaults
{
    public const string ApiKeyHeader = "X-API-Key";
    public const string HandleHeader = "X-AgentGuard-Handle";
    public const string HandlePrefix = "agh_";
    public const int MaxRedirects = 5;
    public const string AccessTokenType = "urn:ietf:params:oauth:token-type:access_token";
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static readonly TimeSpan HandleLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxHandleLifetime = TimeSpan.FromDays(1);
    public static readonly TimeSpan TokenRefreshBefore = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan SecretCacheDuration = TimeSpan.FromMinutes(5);
}
