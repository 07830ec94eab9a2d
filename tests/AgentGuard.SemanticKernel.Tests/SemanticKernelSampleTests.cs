using System.Diagnostics;

namespace AgentGuard.SemanticKernel.Tests;

/// <summary>Runs the Semantic Kernel sample as its users do (<c>dotnet AgentGuard.Samples.SemanticKernel.dll</c>) and
/// checks what it prints.</summary>
public sealed class SemanticKernelSampleTests
{
    private const string Sample = "AgentGuard.Samples.SemanticKernel";

    [Fact]
    public async Task Sample_Runs_ShowsAllowApprovalAndDenyThroughTheKernel()
    {
        var (exit, output) = await RunAsync();

        Assert.True(exit == 0, output);
        Assert.Contains("function ran     crm.get_customer(C123456)", output, StringComparison.Ordinal);
        Assert.Contains("card [REDACTED:credit_card]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("4111 1111 1111 1111", output, StringComparison.Ordinal);
        Assert.Contains("function ran     email.send(jane.roe@contoso.example)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("function ran     email.send(ops@contoso.example)", output, StringComparison.Ordinal);
        Assert.Contains("kernel stopped   function calling ended by AgentGuard", output, StringComparison.Ordinal);
        Assert.DoesNotContain("(never asked: the loop ended)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("function ran     crm.delete_customer", output, StringComparison.Ordinal);
        Assert.Contains("model reads      [call_2] denied by AgentGuard: tool 'crm.delete_customer' is not part of persona 'support-triage'", output, StringComparison.Ordinal);
        Assert.Contains("app reads        denied by AgentGuard:", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync()
    {
        // The sample runs from its own output folder, with its own runtimeconfig, deps and policy files.
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = baseDir;
        while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "samples", Sample)))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var folder = Path.Combine(root.FullName, "samples", Sample, "bin", baseDir.Parent!.Name, baseDir.Name);
        var path = Path.Combine(folder, Sample + ".dll");
        Assert.True(File.Exists(path), $"{path} was not built");
        var start = new ProcessStartInfo("dotnet", [path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = folder,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Sample} did not finish in time");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
