namespace AgentGuard.Cli.Tests;

/// <summary>Runs the CLI in-process with captured streams.</summary>
internal static class CliRunner
{
    public static string Samples { get; } = FindUp("samples/policy");

    public static string TestData { get; } = Path.Combine(AppContext.BaseDirectory, "TestData");

    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await Program.RunAsync(args, stdout, stderr, new StringReader(string.Empty), TestContext.Current.CancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static string WriteTemp(string name, string content)
    {
        var dir = Path.Combine(Path.GetTempPath(), "agentguard-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(relative);
    }
}
