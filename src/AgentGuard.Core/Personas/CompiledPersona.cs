using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace AgentGuard;

/// <summary>A persona compiled against the catalog: grants indexed, globs ordered by specificity, constraints built.</summary>
/// <remarks>Thread-safe. Resolution results are cached for names the persona or catalog knows, and for a bounded
/// number of others, so hostile tool names cannot grow memory without bound.</remarks>
public sealed class CompiledPersona
{
    private const int MaxCachedUnknownNames = 4096;
    private readonly FrozenDictionary<string, (ToolGrant Grant, CompiledArguments? Args)> _exact;
    private readonly (ToolGrant Grant, CompiledArguments? Args)[] _globs;
    private readonly FrozenSet<string> _capabilities;
    private readonly FrozenDictionary<string, CatalogTool> _catalog;
    private readonly ConcurrentDictionary<string, ResolvedTool?> _cache = new(StringComparer.Ordinal);
    private int _unknownCached;

    internal CompiledPersona(Persona persona, FrozenDictionary<string, CatalogTool> catalog)
    {
        Persona = persona;
        _catalog = catalog;
        _capabilities = persona.Capabilities.ToFrozenSet(StringComparer.Ordinal);
        var exact = new Dictionary<string, (ToolGrant, CompiledArguments?)>(StringComparer.Ordinal);
        var globs = new List<(ToolGrant, CompiledArguments?)>();
        foreach (var grant in persona.Tools)
        {
            var args = grant.Args is null ? null : new CompiledArguments(grant.Args);
            if (Glob.IsPattern(grant.Name))
            {
                globs.Add((grant, args));
            }
            else
            {
                exact.TryAdd(grant.Name, (grant, args));
            }
        }

        _exact = exact.ToFrozenDictionary(StringComparer.Ordinal);
        _globs = [.. globs.OrderByDescending(static g => Glob.Specificity(g.Item1.Name))];
    }

    /// <summary>Gets the persona.</summary>
    public Persona Persona { get; }

    /// <summary>Gets the persona's id.</summary>
    public string Id => Persona.Id;

    /// <summary>Resolves a tool name against the persona: an exact grant, else the most specific glob, else a capability.</summary>
    /// <param name="toolName">The tool's name (compared ordinally: case matters).</param>
    /// <returns>The tool as the persona grants it, or <see langword="null"/> when the persona does not grant it.</returns>
    public ResolvedTool? Resolve(string toolName)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        if (_cache.TryGetValue(toolName, out var cached))
        {
            return cached;
        }

        var resolved = ResolveCore(toolName);
        var known = _exact.ContainsKey(toolName) || _catalog.ContainsKey(toolName);
        if (known || Interlocked.Increment(ref _unknownCached) <= MaxCachedUnknownNames)
        {
            _cache.TryAdd(toolName, resolved);
        }

        return resolved;
    }

    /// <summary>Gets the persona's effective tool names among the catalog's (for reports; globs are not expanded beyond the catalog).</summary>
    /// <returns>The names, sorted.</returns>
    public IReadOnlyList<string> GetCatalogTools() =>
        [.. _catalog.Keys.Where(name => Resolve(name) is not null).Order(StringComparer.Ordinal)];

    private ResolvedTool? ResolveCore(string toolName)
    {
        _catalog.TryGetValue(toolName, out var catalogTool);
        if (_exact.TryGetValue(toolName, out var exact))
        {
            return new ResolvedTool(toolName, exact.Grant, catalogTool, exact.Args);
        }

        foreach (var (grant, args) in _globs)
        {
            if (Glob.IsMatch(grant.Name, toolName))
            {
                return new ResolvedTool(toolName, grant, catalogTool, args);
            }
        }

        if (catalogTool is not null)
        {
            foreach (var capability in catalogTool.Capabilities)
            {
                if (_capabilities.Contains(capability))
                {
                    return new ResolvedTool(toolName, null, catalogTool, null);
                }
            }
        }

        return null;
    }
}
