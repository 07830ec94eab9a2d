using System.Collections.Frozen;

namespace AgentGuard;

/// <summary>A validated, immutable set of personas, catalog tools and user entitlements: what the guard enforces.</summary>
/// <remarks>Thread-safe. Build one with <see cref="PolicyBuilder"/>.</remarks>
public sealed class GuardPolicy
{
    private readonly FrozenDictionary<string, CompiledPersona> _personas;
    private readonly IUserEntitlements? _userTable;
    private readonly IUserEntitlements? _entitlements;

    internal GuardPolicy(
        IEnumerable<Persona> personas,
        FrozenDictionary<string, CatalogTool> catalog,
        IUserEntitlements? userTable,
        IUserEntitlements? entitlements,
        IReadOnlyList<PolicyError> warnings)
    {
        Catalog = catalog;
        _personas = personas.ToFrozenDictionary(static p => p.Id, p => new CompiledPersona(p, catalog), StringComparer.Ordinal);
        _userTable = userTable;
        _entitlements = entitlements;
        Warnings = warnings;
    }

    /// <summary>Gets an empty policy: no personas, so every call is denied.</summary>
    public static GuardPolicy Empty { get; } = new([], FrozenDictionary<string, CatalogTool>.Empty, null, null, []);

    /// <summary>Gets the personas by id.</summary>
    public IEnumerable<Persona> Personas => _personas.Values.Select(static p => p.Persona);

    /// <summary>Gets the catalog by tool name.</summary>
    public IReadOnlyDictionary<string, CatalogTool> Catalog { get; }

    /// <summary>Gets the warnings found while building (the policy is usable, but may not say what was meant).</summary>
    public IReadOnlyList<PolicyError> Warnings { get; }

    /// <summary>Gets a value indicating whether user entitlements are in force (a user table or an entitlement service).</summary>
    /// <remarks>When none is configured, the user side of persona ∩ user is unrestricted.</remarks>
    public bool HasUserEntitlements => _userTable is not null || _entitlements is not null;

    /// <summary>Finds a compiled persona.</summary>
    /// <param name="id">The persona id.</param>
    /// <param name="persona">The persona, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetPersona(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CompiledPersona? persona) =>
        _personas.TryGetValue(id, out persona);

    /// <summary>Decides the user side of persona ∩ user.</summary>
    /// <param name="userId">The delegating user, or <see langword="null"/>.</param>
    /// <param name="toolName">The tool.</param>
    /// <returns><see langword="true"/> when no entitlements are configured, or the user is entitled by all configured sources.</returns>
    public bool IsUserEntitled(string? userId, string toolName)
    {
        if (!HasUserEntitlements)
        {
            return true;
        }

        if (string.IsNullOrEmpty(userId))
        {
            return false;
        }

        Catalog.TryGetValue(toolName, out var catalogTool);
        return (_userTable?.IsEntitled(userId, toolName, catalogTool) ?? true)
            && (_entitlements?.IsEntitled(userId, toolName, catalogTool) ?? true);
    }
}
