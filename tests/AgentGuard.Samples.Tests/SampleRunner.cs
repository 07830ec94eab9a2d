using System.Diagnostics;

namespace AgentGuard.Samples.Tests;

/// <summary>Runs a built sample (<c>dotnet Sample.dll</c>) from this test's output folder and captures what it prints.</summary>
internal static class SampleRunner
{
    public static async Task<(int Exit, string Output)> RunAsync(string assembly, TimeSpan timeout)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        Assert.True(File.Exists(path), $"{path} was not built");
        var start = new ProcessStartInfo("dotnet", [path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = AppContext.BaseDirectory,
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
