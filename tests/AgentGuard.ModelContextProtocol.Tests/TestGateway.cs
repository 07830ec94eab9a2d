using ModelContextProtocol.Protocol;

namespace AgentGuard.ModelContextProtocol.Tests;

/// <summary>Writes gateway configurations for the test server and pins them.</summary>
internal static class TestGateway
{
    public const string Persona = """
        persona: desktop-assistant
        description: Works on files for the signed-in user through the MCP proxy.
        owner: platform@contoso.example
        maturity: principal
        tools:
          - name: files.echo
          - name: files.whoami
          - name: files.leak_token
          - name: files.refuse
          - name: files.fail
          - name: files.crash
          - name: files.rug
          - name: slow.*
          - name: other.*
          - name: broken.*
          - name: dead.*
        """;

    /// <summary>A server block for the test server: <c>name: { command: dotnet, args: [server.dll, --tools FILE] }</c>.</summary>
    public static string Server(string name, string toolsFile, string? extra = null, params string[] serverArgs)
    {
        var args = string.Join(", ", new[] { McpTestPaths.TestServerDll, "--tools", toolsFile }.Concat(serverArgs).Select(static a => $"\"{a}\""));
        var text = $"  {name}:\n    command: \"{McpTestPaths.Dotnet}\"\n    args: [{args}]\n";
        return extra is null ? text : text + extra;
    }

    public static string Gateway(string servers, string? top = null) => $"""
        identity:
          persona: desktop-assistant
          user: alice
          session: desktop-1
        policy:
          personas: ./personas
        timeouts:
          connect: 60s
          call: 60s
        {top}
        servers:
        {servers}
        """;

    /// <summary>Pins every configured server's live tools (what <c>agentguard mcp pin</c> does after review).</summary>
    public static async Task<McpLockFile> PinAsync(string gatewayPath, CancellationToken cancellationToken, params string[] only)
    {
        var config = McpGatewayConfigReader.ReadFile(gatewayPath);
        var lockFile = McpLockFile.Load(config.LockPath);
        foreach (var server in config.Servers.Where(s => only.Length == 0 || only.Contains(s.Name)))
        {
            var (tools, error) = await McpServerConnector.ListToolsAsync(server, TimeSpan.FromSeconds(60), null, cancellationToken);
            Assert.Null(error);
            lockFile.SetServer(new McpLockedServer
            {
                Identity = server.Identity,
                Tools = tools.ToDictionary(static t => t.Name, static t => Pin(t), StringComparer.Ordinal),
            });
        }

        lockFile.Save(config.LockPath);
        return lockFile;
    }

    public static McpLockedTool Pin(Tool tool) => new()
    {
        Sha256 = McpToolCanonicalForm.ComputeSha256(tool),
        Definition = System.Text.Json.JsonDocument.Parse(McpToolCanonicalForm.ToCanonicalJson(tool)).RootElement.Clone(),
    };
}
