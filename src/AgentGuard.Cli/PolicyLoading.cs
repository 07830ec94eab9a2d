using System.Text.RegularExpressions;

namespace AgentGuard.Cli;

/// <summary>Loads personas, a catalog and users for the CLI verbs, and prints policy errors the same way everywhere.</summary>
internal static partial class PolicyLoading
{
    public enum FileKind
    {
        Persona,
        Catalog,
        Users,
    }

    public static PolicyBuilder CreateBuilder(IEnumerable<string> personaPaths, string? catalog, string? users)
    {
        var builder = new PolicyBuilder();
        if (catalog is not null)
        {
            builder.AddCatalogFile(catalog);
        }

        if (users is not null)
        {
            builder.AddUsersFile(users);
        }

        foreach (var path in personaPaths)
        {
            AddPath(builder, path, detectKind: false);
        }

        return builder;
    }

    /// <summary>Adds a file or directory; with <paramref name="detectKind"/>, files are classified by their top-level keys.</summary>
    public static void AddPath(PolicyBuilder builder, string path, bool detectKind)
    {
        if (Directory.Exists(path))
        {
            if (!detectKind)
            {
                builder.AddPersonasFromDirectory(path);
                return;
            }

            // validate walks the whole tree: a policy folder usually holds personas/ beside catalog.yaml and users.yaml.
            var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(PolicyBuilder.IsPolicyFile).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                builder.AddError(new PolicyError(path, null, null, string.Empty, "no policy files (*.yaml, *.yml, *.json) in directory"));
            }

            foreach (var file in files)
            {
                AddPath(builder, file, detectKind: true);
            }

            return;
        }

        if (!File.Exists(path))
        {
            builder.AddError(new PolicyError(path, null, null, string.Empty, "file or directory not found"));
            return;
        }

        switch (detectKind ? Detect(path) : FileKind.Persona)
        {
            case FileKind.Catalog:
                builder.AddCatalogFile(path);
                break;
            case FileKind.Users:
                builder.AddUsersFile(path);
                break;
            default:
                builder.AddPersonaFile(path);
                break;
        }
    }

    /// <summary>Classifies a policy file by its top-level keys: <c>users</c> → users, <c>tools</c> without <c>persona</c> → catalog.</summary>
    public static FileKind Detect(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return FileKind.Persona;
        }

        var hasPersona = TopLevelKey("persona").IsMatch(text);
        if (!hasPersona && TopLevelKey("users").IsMatch(text))
        {
            return FileKind.Users;
        }

        return !hasPersona && TopLevelKey("tools").IsMatch(text) ? FileKind.Catalog : FileKind.Persona;
    }

    public static void WriteProblems(TextWriter writer, IEnumerable<PolicyError> problems)
    {
        foreach (var problem in problems)
        {
            writer.WriteLine(problem.ToString());
        }
    }

    private static Regex TopLevelKey(string key) => key switch
    {
        "persona" => PersonaKey(),
        "users" => UsersKey(),
        _ => ToolsKey(),
    };

    [GeneratedRegex("""^(?:persona|"persona")\s*:|^\s*\{?\s*"persona"\s*:""", RegexOptions.Multiline)]
    private static partial Regex PersonaKey();

    [GeneratedRegex("""^(?:users|"users")\s*:|^\s*\{\s*"users"\s*:""", RegexOptions.Multiline)]
    private static partial Regex UsersKey();

    [GeneratedRegex("""^(?:tools|"tools")\s*:|^\s*\{\s*"tools"\s*:""", RegexOptions.Multiline)]
    private static partial Regex ToolsKey();
}
