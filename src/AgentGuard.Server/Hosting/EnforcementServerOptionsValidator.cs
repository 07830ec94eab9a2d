using System.Globalization;

namespace AgentGuard;

/// <summary>Checks the service's <c>AgentGuard:Server</c> section: every problem is reported with its configuration path,
/// so a typo in a stored key cannot silently lock an agent out (or leave a key nobody meant to accept).</summary>
internal static class EnforcementServerOptionsValidator
{
    private const string Section = "AgentGuard:Server";
    private const int MaxIdLength = 128;

    /// <summary>Validates the options.</summary>
    /// <param name="options">The bound options.</param>
    /// <returns>The problems found, each naming its configuration path; empty when the options are valid.</returns>
    public static IReadOnlyList<string> Validate(EnforcementServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var callerIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var keyIds = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Agents.Count; i++)
        {
            var agent = options.Agents[i];
            var path = Path("Agents", i);
            CheckId(agent.Id, path, "agent", callerIds, errors);
            if (string.IsNullOrWhiteSpace(agent.Persona))
            {
                errors.Add($"{path}:Persona is required: the inside key fixes the agent's persona");
            }

            CheckKeys(agent.Keys, path, keyIds, errors);
        }

        for (var i = 0; i < options.Operators.Count; i++)
        {
            var op = options.Operators[i];
            var path = Path("Operators", i);
            CheckId(op.Id, path, "operator", callerIds, errors);
            CheckKeys(op.Keys, path, keyIds, errors);
        }

        if (options.MaxMessageSize <= 0)
        {
            errors.Add($"{Section}:MaxMessageSize must be positive (got {options.MaxMessageSize.ToString(CultureInfo.InvariantCulture)})");
        }

        if (options.GrantLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:GrantLifetime must be positive (got {options.GrantLifetime})");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            errors.Add($"{Section}:ShutdownTimeout must not be negative (got {options.ShutdownTimeout})");
        }

        return errors;
    }

    private static string Path(string list, int index) => $"{Section}:{list}:{index.ToString(CultureInfo.InvariantCulture)}";

    private static void CheckId(string? id, string path, string kind, Dictionary<string, string> seen, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add($"{path}:Id is required");
            return;
        }

        // Sessions are scoped as '{agent}/{session}': a '/' (or a control character) in an id could make two agents'
        // scopes collide, and ids reach logs and audit records.
        if (id.Length > MaxIdLength || !id.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
        {
            errors.Add($"{path}:Id '{Printable(id)}' must be 1-{MaxIdLength} characters of A-Z, a-z, 0-9, '-', '_', '.', '@'");
            return;
        }

        if (!seen.TryAdd(id, path))
        {
            errors.Add($"{path}:Id '{id}' is already used by {seen[id]} ({kind} and agent/operator ids share one namespace)");
        }
    }

    private static void CheckKeys(IList<string> keys, string path, Dictionary<string, string> seen, List<string> errors)
    {
        if (keys.Count == 0)
        {
            errors.Add($"{path}:Keys needs at least one stored key (create one with 'agentguard-server keygen')");
        }

        for (var k = 0; k < keys.Count; k++)
        {
            var keyPath = $"{path}:Keys:{k.ToString(CultureInfo.InvariantCulture)}";
            if (!InsideKeys.TryParseStored(keys[k], out var keyId, out _))
            {
                // Never echo the value: someone may have pasted the secret key itself here.
                errors.Add($"{keyPath} is not a stored key: expected '<16 hex id>:<64 hex SHA-256>' as printed by 'agentguard-server keygen' (the agent keeps the key; the service stores only this form)");
                continue;
            }

            if (!seen.TryAdd(keyId, keyPath))
            {
                errors.Add($"{keyPath} has key id '{keyId}', already used by {seen[keyId]}: one key would authenticate as two callers");
            }
        }
    }

    private static string Printable(string text)
    {
        var shown = text.Length > 40 ? text[..40] + "…" : text;
        return new string(shown.Select(static c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
