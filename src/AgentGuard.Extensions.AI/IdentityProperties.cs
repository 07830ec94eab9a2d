using System.Text.Json;

namespace AgentGuard;

/// <summary>Reads <see cref="AgentGuardPropertyNames"/> entries from the host's property bags.</summary>
internal static class IdentityProperties
{
    public static string? Read(IDictionary<string, object?>? properties, string key) =>
        properties is not null && properties.TryGetValue(key, out var value) ? AsText(value) : null;

    public static string? Read(IDictionary<object, object?>? properties, string key) =>
        properties is not null && properties.TryGetValue(key, out var value) ? AsText(value) : null;

    /// <summary>Merges overrides over an ambient context, field by field.</summary>
    /// <remarks>The delegation chain and parent always come from <paramref name="ambient"/>: the chain only ever narrows
    /// scope (persona ∩ every ancestor), so keeping it under an override can never widen what a call may do.</remarks>
    public static AgentGuardContext? Merge(AgentGuardContext? ambient, string? session, string? user, string? agent, string? persona)
    {
        if (session is null && user is null && agent is null && persona is null)
        {
            return ambient;
        }

        if (ambient is null)
        {
            return session is null ? null : new AgentGuardContext { SessionId = session, UserId = user, AgentId = agent, Persona = persona };
        }

        // The user-token reference belongs to the ambient user: a different user named by the property bag must never
        // reach a backend with it.
        var sameUser = user is null || string.Equals(user, ambient.UserId, StringComparison.Ordinal);
        return ambient with
        {
            SessionId = session ?? ambient.SessionId,
            UserId = user ?? ambient.UserId,
            AgentId = agent ?? ambient.AgentId,
            Persona = persona ?? ambient.Persona,
            UserTokenReference = sameUser ? ambient.UserTokenReference : null,
        };
    }

    // Only strings count: a bag deserialized from JSON may hold a JsonElement string. Anything else (or an empty
    // string) is treated as absent rather than stringified, so a stray object cannot become an identity.
    private static string? AsText(object? value) => value switch
    {
        string { Length: > 0 } text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() is { Length: > 0 } text ? text : null,
        _ => null,
    };
}
