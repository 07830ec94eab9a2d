namespace AgentGuard;

/// <summary>Reads persona, catalog and user files (YAML, or JSON) into policy records, with positions for every field.</summary>
internal static partial class PolicyFileReader
{
    /// <summary>Reads the persona(s) in one file; structural problems are appended to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<(Persona Persona, PolicySourceMap Map)> ReadPersonas(string path, string text, List<PolicyError> errors) =>
        throw new NotImplementedException();

    /// <summary>Reads a catalog file; the map's paths are <c>tools[i]...</c>.</summary>
    public static (IReadOnlyList<CatalogTool> Tools, PolicySourceMap Map) ReadCatalog(string path, string text, List<PolicyError> errors) =>
        throw new NotImplementedException();

    /// <summary>Reads a users file; the map's paths are <c>users.{id}...</c>.</summary>
    public static (IReadOnlyList<UserEntitlement> Users, PolicySourceMap Map) ReadUsers(string path, string text, List<PolicyError> errors) =>
        throw new NotImplementedException();
}
