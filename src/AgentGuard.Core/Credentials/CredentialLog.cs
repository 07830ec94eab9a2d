using Microsoft.Extensions.Logging;

namespace AgentGuard;

/// <summary>Token isolation's log messages. None carries a secret, a token or a handle: only backends, tools, hosts,
/// rule ids, header names and status codes.</summary>
internal static partial class CredentialLog
{
    // Event ids: 1300-1399 credentials.
    [LoggerMessage(1301, LogLevel.Warning, "AgentGuard refused a request to backend {Backend} by {Tool} in session {Session}: {Rule} ({Reason})")]
    public static partial void RequestRefused(ILogger logger, string backend, string? tool, string? session, string rule, string reason);

    [LoggerMessage(1302, LogLevel.Information, "Stripped caller-supplied credentials ({What}) from a request to backend {Backend} by {Tool}")]
    public static partial void CallerCredentialsStripped(ILogger logger, string what, string backend, string tool);

    [LoggerMessage(1303, LogLevel.Information, "Backend {Backend} answered {Status} to {Tool} in session {Session}; reported as denied")]
    public static partial void BackendDenied(ILogger logger, string backend, int status, string tool, string session);

    [LoggerMessage(1304, LogLevel.Warning, "Backend {Backend} redirected {Tool} to {Target}, which is not declared for it (or not secure); the redirect is not followed and no credential was sent there")]
    public static partial void RedirectNotFollowed(ILogger logger, string backend, string tool, string target);

    [LoggerMessage(1305, LogLevel.Warning, "Backend {Backend} redirected {Tool} more than {Max} times; the last redirect is returned unfollowed")]
    public static partial void TooManyRedirects(ILogger logger, string backend, string tool, int max);

    [LoggerMessage(1306, LogLevel.Debug, "Obtained an OAuth token for backend {Backend} ({Grant}, entry {Entry}), valid for {Seconds} s")]
    public static partial void TokenObtained(ILogger logger, string backend, string grant, string entry, long seconds);

    [LoggerMessage(1307, LogLevel.Warning, "The token endpoint of backend {Backend} answered {Status} ({Error}) to a {Grant} request")]
    public static partial void TokenRequestFailed(ILogger logger, string backend, int status, string error, string grant);

    [LoggerMessage(1308, LogLevel.Warning, "The token endpoint of backend {Backend} could not be reached ({Exception})")]
    public static partial void TokenEndpointUnreachable(ILogger logger, string backend, string exception);

    [LoggerMessage(1309, LogLevel.Warning, "Secret {Reference} for backend {Backend} is not available")]
    public static partial void SecretUnavailable(ILogger logger, string reference, string backend);

    [LoggerMessage(1310, LogLevel.Warning, "Secret store {Store} failed reading {Name} ({Exception})")]
    public static partial void SecretStoreFailed(ILogger logger, string store, string name, string exception);

    [LoggerMessage(1311, LogLevel.Information, "Issued a credential handle for backend {Backend} to session {Session} (agent {Agent}, user {User}), valid until {Expires}")]
    public static partial void HandleIssued(ILogger logger, string backend, string session, string? agent, string? user, DateTimeOffset expires);

    [LoggerMessage(1312, LogLevel.Warning, "A credential handle was misused by {Tool} in session {Session}: {Status}")]
    public static partial void HandleMisused(ILogger logger, string tool, string session, CredentialHandleStatus status);

    [LoggerMessage(1313, LogLevel.Error, "The HTTP pipeline below AgentGuard's credential handler for backend {Backend} followed a redirect by itself; disable AllowAutoRedirect on the primary handler. The response is refused")]
    public static partial void InnerRedirect(ILogger logger, string backend);

    [LoggerMessage(1314, LogLevel.Warning, "Backend {Backend} rejected the credential (401) for {Tool}; a cached token or secret is dropped")]
    public static partial void CredentialRejected(ILogger logger, string backend, string tool);
}
