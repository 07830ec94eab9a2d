using System.Text.RegularExpressions;

namespace AgentGuard;

/// <summary>Collects personas, catalog tools and user entitlements from files or code, validates them as a whole,
/// and builds an immutable <see cref="GuardPolicy"/>.</summary>
/// <remarks>Nothing is half-loaded: <see cref="Build"/> either returns a complete policy or throws a
/// <see cref="PolicyValidationException"/> listing every error. Not thread-safe; build once, then share the policy.</remarks>
public sealed partial class PolicyBuilder
{
    private readonly List<(Persona Persona, PolicySourceMap? Map)> _personas = [];
    private readonly List<(CatalogTool Tool, PolicySourceMap? Map, string Path)> _catalog = [];
    private readonly List<(UserEntitlement User, PolicySourceMap? Map, string Path)> _users = [];
    private readonly List<PolicyError> _errors = [];
    private IUserEntitlements? _entitlements;
    private bool _hasUserTable;

    /// <summary>Gets a value indicating whether a tool catalog was added.</summary>
    public bool HasCatalog => _catalog.Count > 0;

    /// <summary>Adds a persona built in code (or read from a file, with its source map).</summary>
    /// <param name="persona">The persona.</param>
    /// <param name="sourceMap">Where its fields were written, for precise errors; <see langword="null"/> for code.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddPersona(Persona persona, PolicySourceMap? sourceMap = null)
    {
        ArgumentNullException.ThrowIfNull(persona);
        _personas.Add((persona, sourceMap));
        return this;
    }

    /// <summary>Adds a tool to the catalog.</summary>
    /// <param name="tool">The catalog entry.</param>
    /// <param name="sourceMap">Where it was written, for precise errors.</param>
    /// <param name="fieldPath">The entry's field path in <paramref name="sourceMap"/>, for example <c>tools[3]</c>.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddCatalogTool(CatalogTool tool, PolicySourceMap? sourceMap = null, string? fieldPath = null)
    {
        ArgumentNullException.ThrowIfNull(tool);
        _catalog.Add((tool, sourceMap, fieldPath ?? $"tools[{_catalog.Count}]"));
        return this;
    }

    /// <summary>Adds a user's entitlements to the user table.</summary>
    /// <param name="user">The user's entitlements.</param>
    /// <param name="sourceMap">Where they were written, for precise errors.</param>
    /// <param name="fieldPath">The entry's field path in <paramref name="sourceMap"/>, for example <c>users.alice</c>.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Once any user is added, a user who is not listed may use nothing.</remarks>
    public PolicyBuilder AddUser(UserEntitlement user, PolicySourceMap? sourceMap = null, string? fieldPath = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        _hasUserTable = true;
        _users.Add((user, sourceMap, fieldPath ?? $"users.{user.UserId}"));
        return this;
    }

    /// <summary>Declares that a user table is in force even if it lists nobody (so nobody may use anything).</summary>
    /// <returns>This builder.</returns>
    public PolicyBuilder UseUserTable()
    {
        _hasUserTable = true;
        return this;
    }

    /// <summary>Uses an entitlement service instead of (or in addition to) a user table; a call needs both to agree.</summary>
    /// <param name="entitlements">The service.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder UseEntitlements(IUserEntitlements entitlements)
    {
        _entitlements = entitlements ?? throw new ArgumentNullException(nameof(entitlements));
        return this;
    }

    /// <summary>Records a problem found while reading a document (used by the file readers).</summary>
    /// <param name="error">The problem.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddError(PolicyError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _errors.Add(error);
        return this;
    }

    /// <summary>Reads one persona file (YAML, or JSON with a <c>.json</c> extension).</summary>
    /// <param name="path">The file.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddPersonaFile(string path)
    {
        if (TryReadText(path, out var text))
        {
            foreach (var (persona, map) in PolicyFileReader.ReadPersonas(path, text, _errors))
            {
                AddPersona(persona, map);
            }
        }

        return this;
    }

    /// <summary>Reads every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> persona file in a directory (not recursive).</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddPersonasFromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            _errors.Add(new PolicyError(directory, null, null, string.Empty, "persona directory not found"));
            return this;
        }

        var files = Directory.EnumerateFiles(directory)
            .Where(static f => IsPolicyFile(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            _errors.Add(new PolicyError(directory, null, null, string.Empty, "no persona files (*.yaml, *.yml, *.json) in directory"));
        }

        foreach (var file in files)
        {
            AddPersonaFile(file);
        }

        return this;
    }

    /// <summary>Reads a tool catalog file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddCatalogFile(string path)
    {
        if (TryReadText(path, out var text))
        {
            var (tools, map) = PolicyFileReader.ReadCatalog(path, text, _errors);
            for (var i = 0; i < tools.Count; i++)
            {
                AddCatalogTool(tools[i], map, $"tools[{i}]");
            }
        }

        return this;
    }

    /// <summary>Reads a user entitlements file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>This builder.</returns>
    public PolicyBuilder AddUsersFile(string path)
    {
        if (TryReadText(path, out var text))
        {
            _hasUserTable = true;
            var (users, map) = PolicyFileReader.ReadUsers(path, text, _errors);
            foreach (var user in users)
            {
                AddUser(user, map, $"users.{user.UserId}");
            }
        }

        return this;
    }

    /// <summary>Validates everything added so far without building.</summary>
    /// <returns>Every error and warning, in the order found.</returns>
    public IReadOnlyList<PolicyError> Validate()
    {
        var problems = new List<PolicyError>(_errors);
        Validate(problems, out _);
        return problems;
    }

    /// <summary>Validates everything and builds the policy.</summary>
    /// <returns>The immutable policy.</returns>
    /// <exception cref="PolicyValidationException">Any error was found; the exception lists all of them.</exception>
    public GuardPolicy Build()
    {
        var problems = new List<PolicyError>(_errors);
        Validate(problems, out var compiled);
        if (problems.Exists(static e => e.Severity == PolicySeverity.Error) || compiled is null)
        {
            throw new PolicyValidationException(problems);
        }

        return compiled;
    }

    internal static bool IsPolicyFile(string path)
    {
        var ext = Path.GetExtension(path);
        return ext.Equals(".yaml", StringComparison.OrdinalIgnoreCase)
            || ext.Equals(".yml", StringComparison.OrdinalIgnoreCase)
            || ext.Equals(".json", StringComparison.OrdinalIgnoreCase);
    }

    private bool TryReadText(string path, out string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        text = string.Empty;
        try
        {
            // Refuse an oversized file before reading it into memory; the reader checks the text again.
            if (new FileInfo(path) is { Exists: true, Length: > PolicyFileReader.MaxFileBytes })
            {
                _errors.Add(PolicyFileReader.TooLarge(path));
                return false;
            }

            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            _errors.Add(new PolicyError(path, null, null, string.Empty, $"cannot read file: {ex.Message}"));
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    internal static partial Regex PersonaIdRegex();
}
