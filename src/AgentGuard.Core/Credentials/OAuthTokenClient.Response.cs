using System.Globalization;
using System.Net;
using System.Text.Json;

namespace AgentGuard;

internal sealed partial class OAuthTokenClient
{
    private static string GrantName(string grant) => grant == ClientCredentialsGrant ? "client_credentials" : "token_exchange";

    /// <summary>The <c>error</c> code of an OAuth error answer, when it is a short printable word (anything else is not repeated).</summary>
    private static string ReadErrorCode(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                && error.GetString() is { Length: > 0 and <= 64 } code && code.All(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return code;
            }
        }
        catch (JsonException)
        {
        }

        return "no error code";
    }

    private AgentGuardCredentialException Failure(string backend, string grant, HttpStatusCode status, byte[] body)
    {
        var code = ReadErrorCode(body);
        CredentialLog.TokenRequestFailed(_logger, backend, (int)status, code, GrantName(grant));

        // The token service's refusal to issue a token for this user or scope is a denial; anything else is a failure.
        var refused = status == HttpStatusCode.Forbidden || s_refusals.Contains(code);
        return new AgentGuardCredentialException(
            $"the token endpoint of backend '{backend}' answered {(int)status} ({code})",
            refused ? CredentialRuleIds.TokenRefused : CredentialRuleIds.TokenEndpointFailed,
            backend,
            refused ? HttpStatusCode.Forbidden : null);
    }

    private AccessToken Parse(string backend, string entry, string grant, CredentialOptions options, byte[] body)
    {
        string? value = null;
        string? tokenType = null;
        string? issuedType = null;
        double? expiresIn = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(backend, "not a JSON object");
            }

            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "access_token" when property.Value.ValueKind == JsonValueKind.String:
                        value = property.Value.GetString();
                        break;
                    case "token_type" when property.Value.ValueKind == JsonValueKind.String:
                        tokenType = property.Value.GetString();
                        break;
                    case "issued_token_type" when property.Value.ValueKind == JsonValueKind.String:
                        issuedType = property.Value.GetString();
                        break;
                    case "expires_in" when property.Value.ValueKind == JsonValueKind.Number:
                        expiresIn = property.Value.GetDouble();
                        break;
                    case "expires_in" when property.Value.ValueKind == JsonValueKind.String
                        && double.TryParse(property.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                        expiresIn = seconds;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            throw Malformed(backend, "not JSON");
        }

        if (value is null || !IsPrintableToken(value))
        {
            throw Malformed(backend, "no usable access_token");
        }

        if (tokenType is not null && !tokenType.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed(backend, $"token_type '{(tokenType.Length <= 16 && tokenType.All(char.IsAsciiLetterOrDigit) ? tokenType : "?")}' is not Bearer");
        }

        if (grant != ClientCredentialsGrant && issuedType is not null && !string.Equals(issuedType, options.RequestedTokenType, StringComparison.Ordinal))
        {
            throw Malformed(backend, "issued_token_type differs from requested_token_type");
        }

        var now = _time.GetUtcNow();
        var lifetime = expiresIn is { } s && double.IsFinite(s)
            ? TimeSpan.FromSeconds(Math.Clamp(s, 0, TimeSpan.FromDays(366).TotalSeconds))
            : _defaultLifetime;
        var early = _refreshBefore < lifetime / 2 ? _refreshBefore : lifetime / 2;
        CredentialLog.TokenObtained(_logger, backend, GrantName(grant), entry, (long)lifetime.TotalSeconds);
        return new AccessToken(value, now + lifetime - early, now + lifetime);
    }

    private AgentGuardCredentialException Malformed(string backend, string what)
    {
        CredentialLog.TokenRequestFailed(_logger, backend, 200, what, "token");
        return new AgentGuardCredentialException(
            $"the token endpoint of backend '{backend}' answered with an unusable token response ({what})", CredentialRuleIds.TokenEndpointFailed, backend, null);
    }
}
