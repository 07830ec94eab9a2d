namespace AgentGuard.Quickstart;

/// <summary>A source repository the analysis agent reads. Its secrets folder is closed to the agent's user: the
/// repository host answers "permission denied" (an <see cref="UnauthorizedAccessException"/>), however the path is spelt.</summary>
internal static class Repository
{
    private static readonly Dictionary<string, string> s_files = new(StringComparer.Ordinal)
    {
        ["README.md"] = "# app\nThe billing front end.",
        ["src/config.cs"] = "public static class Config { public static string Endpoint => Environment.GetEnvironmentVariable(\"APP_ENDPOINT\"); }",
        ["secrets/prod.env"] = "(closed)",
    };

    public static string List(string repo, string path) =>
        $"{repo}:{path} → " + string.Join(", ", s_files.Keys.Where(k => k.StartsWith(path.Trim('/'), StringComparison.Ordinal)));

    public static string Read(string repo, string path, string? reference)
    {
        var normalized = string.Join('/', Path.GetFullPath("/" + path.Replace('\\', '/')).Split('/', StringSplitOptions.RemoveEmptyEntries));
        if (normalized.StartsWith("secrets", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnauthorizedAccessException($"403 Forbidden: {repo}/{path}");
        }

        return s_files.TryGetValue(normalized, out var text) ? text : $"404 Not Found: {repo}/{path}{(reference is null ? "" : "@" + reference)}";
    }
}
