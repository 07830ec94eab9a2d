using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Validates the credential options as a whole at start-up, with one message listing every error.</summary>
internal sealed class AgentGuardCredentialOptionsValidator : IValidateOptions<AgentGuardCredentialOptions>
{
    private static readonly FrozenSet<string> s_reservedHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Host", "Connection", "Content-Length", "Content-Type", "Transfer-Encoding", "Upgrade", "TE", "Trailer", "Keep-Alive",
        "Proxy-Connection", "Cookie", "Proxy-Authorization", "Authorization");

    private readonly FrozenSet<string> _stores;

    public AgentGuardCredentialOptionsValidator(IEnumerable<ISecretStore> stores) =>
        _stores = (stores ?? []).Select(static s => s.Name.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);

    public ValidateOptionsResult Validate(string? name, AgentGuardCredentialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(options.ConfigurationErrors);
        if (options.HandleLifetime <= TimeSpan.Zero || options.HandleLifetime > CredentialDefaults.MaxHandleLifetime)
        {
            errors.Add("HandleLifetime must be more than zero and at most one day.");
        }

        if (options.TokenRefreshBefore < TimeSpan.Zero)
        {
            errors.Add("TokenRefreshBefore must not be negative.");
        }

        if (options.DefaultTokenLifetime <= TimeSpan.Zero)
        {
            errors.Add("DefaultTokenLifetime must be more than zero.");
        }

        if (options.SecretCacheDuration < TimeSpan.Zero)
        {
            errors.Add("SecretCacheDuration must not be negative.");
        }

        foreach (var (backendName, backend) in options.Backends)
        {
            ValidateBackend(backendName, backend, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsValidBackendName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !(char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0])))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not '.' and not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsToken(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateEndpoint(Uri? endpoint, string where, List<string> errors)
    {
        if (endpoint is null)
        {
            errors.Add($"{where}: TokenEndpoint is required.");
        }
        else if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)))
        {
            errors.Add($"{where}: TokenEndpoint must be an absolute https URI (http only for a loopback address).");
        }
        else if (endpoint.UserInfo.Length > 0)
        {
            errors.Add($"{where}: TokenEndpoint must not carry credentials in its URI.");
        }
    }

    private void ValidateBackend(string backendName, CredentialBackendOptions? backend, List<string> errors)
    {
        var where = $"backend '{backendName}'";
        if (!IsValidBackendName(backendName))
        {
            errors.Add($"{where}: the name must match [a-z0-9][a-z0-9._-]*.");
        }

        if (backend is null)
        {
            errors.Add($"{where}: no settings.");
            return;
        }

        if (backend.Hosts.Count == 0)
        {
            errors.Add($"{where}: declare at least one host in Hosts; requests to undeclared hosts are refused.");
        }

        foreach (var host in backend.Hosts)
        {
            if (!HostPattern.TryParse(host, out _))
            {
                errors.Add($"{where}: '{host}' is not a host, host:port or *.domain.");
            }
        }

        foreach (var tool in backend.Tools)
        {
            if (string.IsNullOrWhiteSpace(tool))
            {
                errors.Add($"{where}: a tool name or glob in Tools is empty.");
            }
        }

        if (backend.MaxRedirects is < 0 or > 20)
        {
            errors.Add($"{where}: MaxRedirects must be between 0 and 20.");
        }

        foreach (var header in backend.StripHeaders)
        {
            if (!IsToken(header))
            {
                errors.Add($"{where}: '{header}' in StripHeaders is not a header name.");
            }
        }

        if (backend.Credential is null && backend.Users.Count == 0)
        {
            errors.Add($"{where}: set a Credential or at least one entry in Users.");
        }

        if (backend.Credential is not null)
        {
            ValidateCredential(backend.Credential, $"{where} credential", errors);
        }

        foreach (var (user, credential) in backend.Users)
        {
            if (string.IsNullOrEmpty(user))
            {
                errors.Add($"{where}: a user id in Users is empty.");
            }

            if (credential is null)
            {
                errors.Add($"{where} user '{user}': no credential.");
                continue;
            }

            ValidateCredential(credential, $"{where} user '{user}'", errors);
        }
    }

    private void ValidateCredential(CredentialOptions credential, string where, List<string> errors)
    {
        switch (credential.Kind)
        {
            case CredentialKind.Bearer:
                RequireSecret(credential.Secret, "Secret", where, errors);
                break;
            case CredentialKind.ApiKey:
                RequireSecret(credential.Secret, "Secret", where, errors);
                if (credential.HeaderName is { } header && (!IsToken(header) || s_reservedHeaders.Contains(header)))
                {
                    errors.Add($"{where}: '{header}' cannot carry an API key (not a header name, or a reserved one).");
                }

                break;
            case CredentialKind.Basic:
                RequireSecret(credential.Secret, "Secret", where, errors);
                if (string.IsNullOrEmpty(credential.UserName) || credential.UserName.Contains(':', StringComparison.Ordinal))
                {
                    errors.Add($"{where}: basic authentication needs a UserName without ':'.");
                }

                break;
            case CredentialKind.OAuthClientCredentials:
            case CredentialKind.OAuthTokenExchange:
                ValidateEndpoint(credential.TokenEndpoint, where, errors);
                if (string.IsNullOrEmpty(credential.ClientId) && credential.ClientAuthentication != ClientAuthenticationMethod.None)
                {
                    errors.Add($"{where}: ClientId is required.");
                }

                if (credential.ClientAuthentication != ClientAuthenticationMethod.None)
                {
                    RequireSecret(credential.ClientSecret, "ClientSecret", where, errors);
                }

                if (credential.Kind == CredentialKind.OAuthTokenExchange && string.IsNullOrEmpty(credential.RequestedTokenType))
                {
                    errors.Add($"{where}: RequestedTokenType must not be empty.");
                }

                if (credential.ActorToken is not null)
                {
                    RequireSecret(credential.ActorToken, "ActorToken", where, errors);
                }

                foreach (var resource in credential.Resources)
                {
                    if (!Uri.TryCreate(resource, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0)
                    {
                        errors.Add($"{where}: resource '{resource}' must be an absolute URI without a fragment.");
                    }
                }

                foreach (var scope in credential.Scopes)
                {
                    if (string.IsNullOrEmpty(scope) || scope.Any(static c => c is ' ' or '"' or '\\' || c < '!' || c > '~'))
                    {
                        errors.Add($"{where}: scope '{scope}' is not a valid scope token.");
                    }
                }

                break;
            case CredentialKind.PassThrough:
                break;
            default:
                errors.Add($"{where}: unknown Kind '{credential.Kind}'.");
                break;
        }
    }

    private void RequireSecret(SecretReference? secret, string property, string where, List<string> errors)
    {
        if (secret is null)
        {
            errors.Add($"{where}: {property} is required.");
        }
        else if (!secret.IsInline && !_stores.Contains(secret.Store))
        {
            errors.Add($"{where}: {property} names the secret store '{secret.Store}', which is not registered (built in: env, file, config; add others with UseSecretStore).");
        }
    }
}
