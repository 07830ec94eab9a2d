using System.Diagnostics;

namespace AgentGuard.Samples.Tests;

/// <summary>Runs a built sample (<c>dotnet Sample.dll</c>) from this test's output folder and captures what it prints.</summary>
internal static class SampleRunner
{
    public static async Task<(int Exit, string Output)> RunAsync(string assembly, TimeSpan timeout)
    {
        // Run each sample from its own output folder, with its own runtimeconfig and deps: samples may target different
        // shared frameworks (the quickstart needs ASP.NET Core for its local backend), which one test folder cannot mix.
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = baseDir.Name;
        var configuration = baseDir.Parent!.Name;
        var root = baseDir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AgentGuard.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var workingDirectory = Path.Combine(root.FullName, "samples", assembly, "bin", configuration, tfm);
        var path = Path.Combine(workingDirectory, assembly + ".dll");
        Assert.True(File.Exists(path), $"{path} was not built");
        var start = new ProcessStartInfo("dotnet", [path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{assembly} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
