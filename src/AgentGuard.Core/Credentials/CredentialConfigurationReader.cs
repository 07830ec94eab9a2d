using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace AgentGuard;

/// <summary>Reads backends from configuration: one child section per backend, named after it.</summary>
/// <remarks>
/// <code>
/// "Credentials": {
///   "crm": {
///     "Hosts": [ "crm.contoso.example" ], "Tools": [ "crm.*" ],
///     "Credential": { "Kind": "client_credentials", "TokenEndpoint": "https://login.contoso.example/token",
///                     "ClientId": "agent", "ClientSecret": "env:CRM_CLIENT_SECRET", "Scopes": [ "crm.read" ] },
///     "Users": { "alice": { "Kind": "bearer", "Secret": "file:/run/secrets/crm-alice" } }
///   }
/// }
/// </code>
/// Secrets are references (<c>store:name</c>), never values; an unknown key or a malformed value is reported at start-up
/// with its configuration path, never with a value that might be a secret.
/// </remarks>
internal static class CredentialConfigurationReader
{
    private static readonly HashSet<string> s_backendKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Hosts", "Tools", "RequireHttps", "FollowRedirects", "MaxRedirects", "StripHeaders", "Credential", "Users",
    };

    private static readonly HashSet<string> s_credentialKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Kind", "Secret", "UserName", "HeaderName", "TokenEndpoint", "ClientId", "ClientSecret", "ClientAuthentication", "Scopes",
        "Audience", "Resources", "RequestedTokenType", "SubjectTokenType", "ActorToken", "ActorTokenType",
    };

    public static void Read(IConfiguration section, AgentGuardCredentialOptions options)
    {
        foreach (var child in section.GetChildren())
        {
            if (!options.Backends.TryGetValue(child.Key, out var backend))
            {
                backend = new CredentialBackendOptions();
                options.Backends[child.Key] = backend;
            }

            ReadBackend(child, backend, options.ConfigurationErrors);
        }
    }

    private static void ReadBackend(IConfigurationSection section, CredentialBackendOptions backend, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            if (!s_backendKeys.Contains(child.Key))
            {
                errors.Add($"{child.Path}: unknown setting (expected one of {string.Join(", ", s_backendKeys)}).");
            }
        }

        AddAll(section.GetSection("Hosts"), backend.Hosts);
        AddAll(section.GetSection("Tools"), backend.Tools);
        AddAll(section.GetSection("StripHeaders"), backend.StripHeaders);
        backend.RequireHttps = ReadBool(section.GetSection("RequireHttps"), backend.RequireHttps, errors);
        backend.FollowRedirects = ReadBool(section.GetSection("FollowRedirects"), backend.FollowRedirects, errors);
        if (section.GetSection("MaxRedirects").Value is { } max)
        {
            if (int.TryParse(max, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                backend.MaxRedirects = n;
            }
            else
            {
                errors.Add($"{section.GetSection("MaxRedirects").Path}: '{max}' is not a whole number.");
            }
        }

        var credential = section.GetSection("Credential");
        if (credential.Exists())
        {
            backend.Credential = ReadCredential(credential, errors);
        }

        foreach (var user in section.GetSection("Users").GetChildren())
        {
            backend.Users[user.Key] = ReadCredential(user, errors);
        }
    }

    private static CredentialOptions ReadCredential(IConfigurationSection section, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            if (!s_credentialKeys.Contains(child.Key))
            {
                errors.Add($"{child.Path}: unknown setting (expected one of {string.Join(", ", s_credentialKeys)}).");
            }
        }

        var credential = new CredentialOptions();
        var kind = section["Kind"];
        if (kind is null)
        {
            errors.Add($"{section.Path}: Kind is required (bearer, api_key, basic, client_credentials, token_exchange or pass_through).");
        }
        else if (ParseKind(kind) is { } parsed)
        {
            credential.Kind = parsed;
        }
        else
        {
            errors.Add($"{section.Path}:Kind: '{kind}' is not bearer, api_key, basic, client_credentials, token_exchange or pass_through.");
        }

        credential.Secret = ReadSecret(section.GetSection("Secret"), errors);
        credential.ClientSecret = ReadSecret(section.GetSection("ClientSecret"), errors);
        credential.ActorToken = ReadSecret(section.GetSection("ActorToken"), errors);
        credential.UserName = section["UserName"];
        credential.HeaderName = section["HeaderName"];
        credential.ClientId = section["ClientId"];
        credential.Audience = section["Audience"];
        credential.SubjectTokenType = section["SubjectTokenType"];
        credential.RequestedTokenType = section["RequestedTokenType"] ?? credential.RequestedTokenType;
        credential.ActorTokenType = section["ActorTokenType"] ?? credential.ActorTokenType;
        if (section["TokenEndpoint"] is { } endpoint)
        {
            if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            {
                credential.TokenEndpoint = uri;
            }
            else
            {
                errors.Add($"{section.Path}:TokenEndpoint: not an absolute URI.");
            }
        }

        if (section["ClientAuthentication"] is { } method)
        {
            var normalized = Normalize(method);
            credential.ClientAuthentication = normalized switch
            {
                "clientsecretbasic" or "basic" => ClientAuthenticationMethod.ClientSecretBasic,
                "clientsecretpost" or "post" => ClientAuthenticationMethod.ClientSecretPost,
                "none" => ClientAuthenticationMethod.None,
                _ => Invalid($"{section.Path}:ClientAuthentication: '{method}' is not client_secret_basic, client_secret_post or none.", errors),
            };
        }

        var scopes = section.GetSection("Scopes");
        if (scopes.Value is { } spaced)
        {
            foreach (var scope in spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                credential.Scopes.Add(scope);
            }
        }
        else
        {
            AddAll(scopes, credential.Scopes);
        }

        AddAll(section.GetSection("Resources"), credential.Resources);
        return credential;
    }

    private static ClientAuthenticationMethod Invalid(string error, List<string> errors)
    {
        errors.Add(error);
        return ClientAuthenticationMethod.ClientSecretBasic;
    }

    private static string Normalize(string text) => text.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static CredentialKind? ParseKind(string kind) => Normalize(kind) switch
    {
        "bearer" => CredentialKind.Bearer,
        "apikey" => CredentialKind.ApiKey,
        "basic" => CredentialKind.Basic,
        "clientcredentials" or "oauthclientcredentials" => CredentialKind.OAuthClientCredentials,
        "tokenexchange" or "oauthtokenexchange" => CredentialKind.OAuthTokenExchange,
        "passthrough" => CredentialKind.PassThrough,
        _ => null,
    };

    private static SecretReference? ReadSecret(IConfigurationSection section, List<string> errors)
    {
        if (section.Value is not { } text)
        {
            return null;
        }

        if (SecretReference.TryParse(text, out var reference))
        {
            return reference;
        }

        // The value is not repeated: it may be the secret itself, written where a reference belongs.
        errors.Add($"{section.Path}: expected a secret reference such as 'env:NAME' or 'file:/path' (the value is not shown); configuration holds references, never secrets.");
        return null;
    }

    private static bool ReadBool(IConfigurationSection section, bool current, List<string> errors)
    {
        if (section.Value is not { } text)
        {
            return current;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add($"{section.Path}: '{text}' is not true or false.");
        return current;
    }

    private static void AddAll(IConfigurationSection section, IList<string> into)
    {
        if (section.Value is { Length: > 0 } single)
        {
            into.Add(single);
            return;
        }

        foreach (var child in section.GetChildren())
        {
            if (child.Value is { } value)
            {
                into.Add(value);
            }
        }
    }
}
