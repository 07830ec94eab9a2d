using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGuard;

/// <summary>Obtains OAuth 2.0 access tokens (client credentials, RFC 6749 §4.4; token exchange, RFC 8693) and caches them
/// until shortly before they expire, one request in flight per cache key.</summary>
/// <remarks>Tokens, client secrets and subject tokens are never logged and never put in exception messages; only the
/// token endpoint's <c>error</c> code (a short ASCII word) is.</remarks>
internal sealed partial class OAuthTokenClient
{
    private const int MaxResponseBytes = 64 * 1024;
    private const int PurgeThreshold = 1024;
    private const string ClientCredentialsGrant = "client_credentials";

    private static readonly HashSet<string> s_refusals = new(StringComparer.Ordinal)
    {
        "invalid_grant", "access_denied", "invalid_target", "invalid_scope", "unauthorized_client",
    };

    private readonly ConcurrentDictionary<string, Lazy<Task<AccessToken>>> _cache = new(StringComparer.Ordinal);
    private readonly IHttpClientFactory _clients;
    private readonly SecretResolver _secrets;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshBefore;
    private readonly TimeSpan _defaultLifetime;
    private readonly ILogger _logger;
    private int _requestsSent;

    public OAuthTokenClient(IHttpClientFactory clients, SecretResolver secrets, AgentGuardCredentialOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
        _time = timeProvider ?? TimeProvider.System;
        _refreshBefore = options.TokenRefreshBefore;
        _defaultLifetime = options.DefaultTokenLifetime;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets how many token requests were sent (for tests and diagnostics).</summary>
    public int RequestsSent => Volatile.Read(ref _requestsSent);

    public static string ClientCredentialsKey(string backend, string entry) => string.Join('\0', backend, entry, ClientCredentialsGrant);

    public static string ExchangeKey(string backend, string entry, string? userId, string subjectToken) =>
        string.Join('\0', backend, entry, userId ?? string.Empty, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(subjectToken))));

    public ValueTask<AccessToken> GetClientCredentialsTokenAsync(string backend, string entry, CredentialOptions options, CancellationToken cancellationToken) =>
        GetOrFetchAsync(
            ClientCredentialsKey(backend, entry),
            () => RequestAsync(backend, entry, options, ClientCredentialsGrant, subject: null),
            cancellationToken);

    public ValueTask<AccessToken> ExchangeAsync(string backend, string entry, string? userId, CredentialOptions options, UserToken subject, CancellationToken cancellationToken) =>
        GetOrFetchAsync(
            ExchangeKey(backend, entry, userId, subject.Token),
            () => RequestAsync(backend, entry, options, CredentialDefaults.TokenExchangeGrant, subject),
            cancellationToken);

    /// <summary>Drops a cached token the backend rejected, unless it has been replaced already.</summary>
    public void Invalidate(string key, AccessToken token)
    {
        if (_cache.TryGetValue(key, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully
            && ReferenceEquals(entry.Value.Result, token))
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<Task<AccessToken>>>(key, entry));
        }
    }

    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private static bool IsPrintableToken(string value)
    {
        foreach (var c in value)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return value.Length > 0;
    }

    private async ValueTask<AccessToken> GetOrFetchAsync(string key, Func<Task<AccessToken>> fetch, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_cache.TryGetValue(key, out var existing))
            {
                var task = existing.Value;
                if (!task.IsCompleted)
                {
                    return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                if (task.IsCompletedSuccessfully && _time.GetUtcNow() < task.Result.RefreshAt)
                {
                    return task.Result;
                }

                // Expired, about to expire, or failed (failures are not cached): one caller replaces it, the rest wait.
                var replacement = new Lazy<Task<AccessToken>>(fetch);
                if (_cache.TryUpdate(key, replacement, existing))
                {
                    return await replacement.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var created = new Lazy<Task<AccessToken>>(fetch);
            if (_cache.TryAdd(key, created))
            {
                if (_cache.Count > PurgeThreshold)
                {
                    Purge();
                }

                return await created.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Purge()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, entry) in _cache)
        {
            if (entry.IsValueCreated && entry.Value.IsCompleted && (!entry.Value.IsCompletedSuccessfully || entry.Value.Result.ExpiresAt <= now))
            {
                _cache.TryRemove(new KeyValuePair<string, Lazy<Task<AccessToken>>>(key, entry));
            }
        }
    }

    // Runs detached from any one caller's cancellation: other callers may be waiting for the same token. The token
    // endpoint client's own timeout bounds it.
    private async Task<AccessToken> RequestAsync(string backend, string entry, CredentialOptions options, string grant, UserToken? subject)
    {
        var form = new List<KeyValuePair<string, string>>(12) { new("grant_type", grant) };
        if (subject is not null)
        {
            form.Add(new("subject_token", subject.Token));
            form.Add(new("subject_token_type", options.SubjectTokenType ?? subject.TokenType));
            form.Add(new("requested_token_type", options.RequestedTokenType));
            if (options.ActorToken is { } actor)
            {
                form.Add(new("actor_token", await _secrets.GetAsync(actor, backend, CancellationToken.None).ConfigureAwait(false)));
                form.Add(new("actor_token_type", options.ActorTokenType));
            }
        }

        if (options.Audience is { Length: > 0 } audience)
        {
            form.Add(new("audience", audience));
        }

        foreach (var resource in options.Resources)
        {
            form.Add(new("resource", resource));
        }

        if (options.Scopes.Count > 0)
        {
            form.Add(new("scope", string.Join(' ', options.Scopes)));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, options.TokenEndpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        switch (options.ClientAuthentication)
        {
            case ClientAuthenticationMethod.ClientSecretBasic:
                var secret = await _secrets.GetAsync(options.ClientSecret!, backend, CancellationToken.None).ConfigureAwait(false);
                var pair = $"{FormEncode(options.ClientId!)}:{FormEncode(secret)}";
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
                break;
            case ClientAuthenticationMethod.ClientSecretPost:
                form.Add(new("client_id", options.ClientId!));
                form.Add(new("client_secret", await _secrets.GetAsync(options.ClientSecret!, backend, CancellationToken.None).ConfigureAwait(false)));
                break;
            default:
                if (options.ClientId is { Length: > 0 } clientId)
                {
                    form.Add(new("client_id", clientId));
                }

                break;
        }

        request.Content = new FormUrlEncodedContent(form);
        Interlocked.Increment(ref _requestsSent);
        var client = _clients.CreateClient(AgentGuardCredentialOptions.TokenEndpointHttpClientName);
        byte[] body;
        HttpStatusCode status;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None).ConfigureAwait(false);
            status = response.StatusCode;
            body = await ReadLimitedAsync(response.Content).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            CredentialLog.TokenEndpointUnreachable(_logger, backend, ex.GetType().Name);
            throw new AgentGuardCredentialException(
                $"the token endpoint of backend '{backend}' could not be reached ({ex.GetType().Name})", CredentialRuleIds.TokenEndpointFailed, backend, null);
        }

        return status == HttpStatusCode.OK
            ? Parse(backend, entry, grant, options, body)
            : throw Failure(backend, grant, status, body);
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content)
    {
        var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw new IOException("the token endpoint's answer is too large");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
