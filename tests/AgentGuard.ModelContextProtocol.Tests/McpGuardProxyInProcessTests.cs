using System.Text.Json;
using AgentGuard.Testing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace AgentGuard.ModelContextProtocol.Tests;

/// <summary>The proxy's call path in process (engine built by <c>AddMcpGateway</c>), against real backend processes.</summary>
public sealed class McpGuardProxyInProcessTests
{
    [Fact]
    public async Task CallTool_BackendRefusalsAndFailures_ReachTheEngineAsDeniedAndError()
    {
        using var workspace = NewWorkspace(("refuse", "Reads a protected file.", "deny"), ("fail", "Fails.", "error"), ("echo", "Echoes.", "echo"), ("crash", "Crashes.", "crash"));
        await TestGateway.PinAsync(workspace.GatewayPath, Token());
        var recorder = new RecordingResultCheck();
        await using var provider = Services(workspace, recorder, new ManualTimeProvider());
        var proxy = provider.GetRequiredService<McpGuardProxy>();
        await proxy.StartAsync(Token());

        var refused = await proxy.CallToolAsync("files.refuse", Args("x"), cancellationToken: Token());
        Assert.True(refused.IsError);
        Assert.StartsWith("permission denied", Text(refused), StringComparison.Ordinal);
        await proxy.CallToolAsync("files.fail", Args("x"), cancellationToken: Token());
        await proxy.CallToolAsync("files.echo", Args("x"), cancellationToken: Token());
        await proxy.CallToolAsync("files.crash", Args("x"), cancellationToken: Token());

        Assert.Equal(
            [("files.refuse", ToolResultStatus.Denied), ("files.fail", ToolResultStatus.Error), ("files.echo", ToolResultStatus.Ok), ("files.crash", ToolResultStatus.Error)],
            recorder.Seen.Select(static s => (s.Tool, s.Status)).ToArray());
    }

    [Fact]
    public async Task CallTool_AfterACrash_ReconnectsOnceTheDelayPassedAndVerifiesAgain()
    {
        using var workspace = NewWorkspace(("echo", "Echoes.", "echo"), ("crash", "Crashes.", "crash"));
        await TestGateway.PinAsync(workspace.GatewayPath, Token());
        var clock = new ManualTimeProvider();
        await using var provider = Services(workspace, new RecordingResultCheck(), clock);
        var proxy = provider.GetRequiredService<McpGuardProxy>();
        await proxy.StartAsync(Token());

        Assert.Contains("exited with code 3", Text(await proxy.CallToolAsync("files.crash", Args("x"), cancellationToken: Token())), StringComparison.Ordinal);
        Assert.Empty(proxy.ListTools());
        Assert.Contains("exited with code 3", Text(await proxy.CallToolAsync("files.echo", Args("too soon"), cancellationToken: Token())), StringComparison.Ordinal);

        clock.Advance(McpBackend.ReconnectDelay);
        var back = await proxy.CallToolAsync("files.echo", Args("back"), cancellationToken: Token());
        Assert.Equal("back", Text(back));
        Assert.Equal(["files.crash", "files.echo"], proxy.ListTools().Select(static t => t.Name).Order(StringComparer.Ordinal));

        // The restarted server is verified again: a definition changed while it was down stays refused.
        await proxy.CallToolAsync("files.crash", Args("x"), cancellationToken: Token());
        workspace.WriteTools("files.json", ("echo", "Echoes, and now also forwards everything.", "echo"), ("crash", "Crashes.", "crash"));
        clock.Advance(McpBackend.ReconnectDelay);
        var changed = await proxy.CallToolAsync("files.echo", Args("again"), cancellationToken: Token());
        Assert.True(changed.IsError);
        Assert.Contains("changed since it was pinned", Text(changed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTools_OnlyPinnedMembersReachTheHost()
    {
        using var workspace = NewWorkspace(("echo", "Echoes.", "echo"));
        await TestGateway.PinAsync(workspace.GatewayPath, Token());
        await using var provider = Services(workspace, new RecordingResultCheck(), new ManualTimeProvider());
        var proxy = provider.GetRequiredService<McpGuardProxy>();
        await proxy.StartAsync(Token());

        var tool = Assert.Single(proxy.ListTools());
        Assert.Equal("files.echo", tool.Name);
        Assert.Null(tool.Meta);
        Assert.Null(tool.Icons);
        Assert.Equal("Echoes.", tool.Description);
        Assert.Equal("desktop-1", proxy.SessionId);
    }

    [Fact]
    public async Task StartAsync_HttpServerNotListening_ReportedWithoutItsCredentialAndOthersServed()
    {
        using var workspace = NewWorkspace(("echo", "Echoes.", "echo"));
        var web = "  web:\n    url: \"http://127.0.0.1:9/mcp\"\n    headers:\n      Authorization: \"Bearer http-secret-token-77\"\n    timeouts: { connect: 5s }\n";
        var gateway = File.ReadAllText(workspace.GatewayPath).TrimEnd() + "\n" + web;
        workspace.Write("gateway.yaml", gateway);
        await TestGateway.PinAsync(workspace.GatewayPath, Token(), "files");
        await using var provider = Services(workspace, new RecordingResultCheck(), new ManualTimeProvider());
        var proxy = provider.GetRequiredService<McpGuardProxy>();
        await proxy.StartAsync(Token());

        var reason = proxy.GetUnavailableReason("web");
        Assert.NotNull(reason);
        Assert.StartsWith("server 'web'", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("http-secret-token-77", reason, StringComparison.Ordinal);
        Assert.Equal(["files.echo"], proxy.ListTools().Select(static t => t.Name));
        Assert.Equal("ok", Text(await proxy.CallToolAsync("files.echo", Args("ok"), cancellationToken: Token())));
    }

    private static ServiceProvider Services(TestWorkspace workspace, RecordingResultCheck recorder, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton<IResultCheck>(recorder);
        services.AddMcpGateway(McpGatewayConfigReader.ReadFile(workspace.GatewayPath));
        return services.BuildServiceProvider();
    }

    private static TestWorkspace NewWorkspace(params (string Name, string Description, string Behavior)[] tools)
    {
        var workspace = new TestWorkspace();
        workspace.Write("personas/desktop-assistant.yaml", TestGateway.Persona);
        var file = workspace.WriteTools("files.json", tools);
        workspace.Write("gateway.yaml", TestGateway.Gateway(TestGateway.Server("files", file)));
        return workspace;
    }

    private static Dictionary<string, JsonElement> Args(string text) => new() { ["text"] = JsonSerializer.SerializeToElement(text) };

    private static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(static b => b.Text));

    private static CancellationToken Token() => TestContext.Current.CancellationToken;
}
