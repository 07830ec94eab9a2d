namespace AgentGuard.ModelContextProtocol.Tests;

/// <summary>Finds the already-built test server and CLI (same configuration as the tests), to start them with
/// <c>dotnet &lt;dll&gt;</c> rather than <c>dotnet run</c>.</summary>
internal static class McpTestPaths
{
    public static string TestServerDll { get; } = Find("tests/AgentGuard.McpTestServer", "AgentGuard.McpTestServer.dll");

    public static string CliDll { get; } = Find("src/AgentGuard.Cli", "agentguard.dll");

    public static string Dotnet { get; } = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    private static string Find(string project, string dll)
    {
        // The tests run from <repo>/tests/AgentGuard.ModelContextProtocol.Tests/bin/<Configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, project, "bin", configuration, tfm, dll);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"build {project} ({configuration}) first: {dll} not found");
    }
}
