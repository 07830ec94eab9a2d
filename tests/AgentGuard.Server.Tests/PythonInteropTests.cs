using System.Diagnostics;

namespace AgentGuard.Server.Tests;

/// <summary>Compatibility with an independent gRPC implementation: Python's grpcio (Debian's python3-grpcio, which
/// <c>.ci/run</c> installs) calls the service through stubs that Debian's grpc-tools generate from the same .proto.</summary>
[Collection(ServerGroup.Name)]
public sealed class PythonInteropTests(ServerFixture fixture)
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task GrpcioClient_GeneratedStubs_UnaryStreamingAndStatusCodesInteroperate()
    {
        var missing = await MissingPythonAsync();
        Assert.SkipWhen(missing is not null, missing ?? string.Empty);

        var proto = FindRepoFile("proto/agentguard/v1/enforcement.proto");
        var protoRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(proto)))!;
        var generated = Directory.CreateTempSubdirectory("agentguard-py-").FullName;
        try
        {
            var (code, output) = await RunAsync(Python, ["-c", GenerateScript, protoRoot, generated, proto], null);
            Assert.True(code == 0, "generating the Python stubs failed: " + output);

            var script = Path.Combine(AppContext.BaseDirectory, "python", "interop.py");
            (code, output) = await RunAsync(Python, [script, fixture.Server.SocketAddress, fixture.Server.AgentKey, fixture.Server.OperatorKey], generated);
            Assert.True(code == 0, output);
            Assert.Contains("interop passed", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(generated, recursive: true);
        }
    }

    [Fact]
    public async Task CompromisedAgentProcess_UsesBroker_FindsNoBackendTokenInItsEnvironmentOrMemory()
    {
        var missing = await MissingPythonAsync();
        Assert.SkipWhen(missing is not null, missing ?? string.Empty);
        var generated = await GenerateAsync();
        try
        {
            var server = fixture.Server;
            var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(server.Backend.Token)));
            var script = Path.Combine(AppContext.BaseDirectory, "python", "compromised_agent.py");
            var before = server.Backend.Authorizations.Count;
            var (code, output) = await RunAsync(Python, [script, server.SocketAddress, server.AgentKey, server.Backend.BaseUri.ToString(), digest], generated);
            Assert.True(code == 0, output);
            Assert.Contains("compromised agent found nothing", output, StringComparison.Ordinal);
            Assert.True(server.Backend.Authorizations.Count > before);
        }
        finally
        {
            Directory.Delete(generated, recursive: true);
        }
    }

    private static async Task<string> GenerateAsync()
    {
        var proto = FindRepoFile("proto/agentguard/v1/enforcement.proto");
        var protoRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(proto)))!;
        var generated = Directory.CreateTempSubdirectory("agentguard-py-").FullName;
        var (code, output) = await RunAsync(Python, ["-c", GenerateScript, protoRoot, generated, proto], null);
        Assert.True(code == 0, "generating the Python stubs failed: " + output);
        return generated;
    }

    // grpc_tools.protoc with the well-known types that ship inside grpc_tools (older releases do not add them by themselves).
    private const string GenerateScript = """
        import os, sys
        import grpc_tools
        from grpc_tools import protoc
        root, out, proto = sys.argv[1], sys.argv[2], sys.argv[3]
        wkt = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
        sys.exit(protoc.main(["protoc", "-I" + root, "-I" + wkt, "--python_out=" + out, "--grpc_python_out=" + out, proto]))
        """;

    private static async Task<string?> MissingPythonAsync()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is not installed (the grpcio interop test needs Debian's python3-grpcio, python3-protobuf and python3-grpc-tools)";
        }

        var (code, output) = await RunAsync(Python, ["-c", "import grpc, google.protobuf, grpc_tools.protoc"], null);
        return code == 0 ? null : "Debian's python3-grpcio, python3-protobuf or python3-grpc-tools is missing for /usr/bin/python3: " + output.Trim();
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, string? pythonPath)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove("PYTHONHOME");
        start.Environment["PYTHONPATH"] = pythonPath ?? string.Empty;
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(relative);
    }
}
