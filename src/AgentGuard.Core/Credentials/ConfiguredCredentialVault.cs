using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGuard;

/// <summary>The built-in vault: the configured backends' credentials, per user, read through the secret stores, the
/// OAuth token client and the host's <see cref="IUserTokenProvider"/>.</summary>
internal sealed class ConfiguredCredentialVault : ICredentialVault
{
    private readonly CredentialBackendRegistry _backends;
    private readonly SecretResolver _secrets;
    private readonly OAuthTokenClient _tokens;
    private readonly IUserTokenProvider? _userTokens;
    private readonly ILogger _logger;

    public ConfiguredCredentialVault(
        CredentialBackendRegistry backends,
        SecretResolver secrets,
        OAuthTokenClient tokens,
        IUserTokenProvider? userTokens = null,
        ILogger<ConfiguredCredentialVault>? logger = null)
    {
        _backends = backends ?? throw new ArgumentNullException(nameof(backends));
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _userTokens = userTokens;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async ValueTask<BackendCredential> GetCredentialAsync(CredentialRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_backends.TryGet(request.Backend, out var backend))
        {
            throw Unavailable(request.Backend, "the backend is not configured");
        }

        var call = request.Call;
        // A user the backend has no credential for is refused (403), as the backend itself would refuse them.
        var options = backend.CredentialFor(call.UserId, out var entry)
            ?? throw Unavailable(backend.Name, call.UserId is null ? "the call has no user and the backend has no default credential" : $"user '{call.UserId}' has no credential for it", HttpStatusCode.Forbidden);
        var header = options.EffectiveHeaderName;
        switch (options.Kind)
        {
            case CredentialKind.Bearer:
            {
                var secret = await _secrets.GetAsync(options.Secret!, backend.Name, cancellationToken).ConfigureAwait(false);
                return new BackendCredential(header, "Bearer " + secret, Rejected(backend.Name, call, () => _secrets.Invalidate(options.Secret)));
            }

            case CredentialKind.ApiKey:
            {
                var secret = await _secrets.GetAsync(options.Secret!, backend.Name, cancellationToken).ConfigureAwait(false);
                return new BackendCredential(header, secret, Rejected(backend.Name, call, () => _secrets.Invalidate(options.Secret)));
            }

            case CredentialKind.Basic:
            {
                var secret = await _secrets.GetAsync(options.Secret!, backend.Name, cancellationToken).ConfigureAwait(false);
                var value = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(options.UserName + ":" + secret));
                return new BackendCredential(header, value, Rejected(backend.Name, call, () => _secrets.Invalidate(options.Secret)));
            }

            case CredentialKind.OAuthClientCredentials:
            {
                var token = await _tokens.GetClientCredentialsTokenAsync(backend.Name, entry, options, cancellationToken).ConfigureAwait(false);
                var key = OAuthTokenClient.ClientCredentialsKey(backend.Name, entry);
                return new BackendCredential(header, "Bearer " + token.Value, Rejected(backend.Name, call, () => _tokens.Invalidate(key, token)));
            }

            case CredentialKind.OAuthTokenExchange:
            {
                var subject = await GetUserTokenAsync(request, cancellationToken).ConfigureAwait(false);
                var token = await _tokens.ExchangeAsync(backend.Name, entry, call.UserId, options, subject, cancellationToken).ConfigureAwait(false);
                var key = OAuthTokenClient.ExchangeKey(backend.Name, entry, call.UserId, subject.Token);
                return new BackendCredential(header, "Bearer " + token.Value, Rejected(backend.Name, call, () => _tokens.Invalidate(key, token)));
            }

            case CredentialKind.PassThrough:
            {
                var own = await GetUserTokenAsync(request, cancellationToken).ConfigureAwait(false);
                return new BackendCredential(header, "Bearer " + own.Token, Rejected(backend.Name, call, static () => { }));
            }

            default:
                throw Unavailable(backend.Name, $"credential kind {options.Kind} is not supported");
        }
    }

    private static AgentGuardCredentialException Unavailable(string backend, string why, HttpStatusCode? status = null) =>
        new($"no credential for backend '{backend}': {why}", CredentialRuleIds.Unavailable, backend, status);

    private Action Rejected(string backend, ToolCall call, Action drop) => () =>
    {
        CredentialLog.CredentialRejected(_logger, backend, call.ToolName);
        drop();
    };

    private async ValueTask<UserToken> GetUserTokenAsync(CredentialRequest request, CancellationToken cancellationToken)
    {
        if (_userTokens is null)
        {
            throw Unavailable(request.Backend, "it needs the user's own token and no IUserTokenProvider is registered");
        }

        if (request.Call.UserId is null)
        {
            throw Unavailable(request.Backend, "it needs the user's own token and the call has no user");
        }

        var token = await _userTokens.GetUserTokenAsync(new UserTokenRequest(request.Backend, request.Call, request.UserTokenReference), cancellationToken).ConfigureAwait(false);
        return token ?? throw Unavailable(request.Backend, "the user's own token is not available", HttpStatusCode.Forbidden);
    }
}
