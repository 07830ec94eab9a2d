using AgentGuard.Testing;
using Microsoft.Extensions.Options;

namespace AgentGuard.ModelContextProtocol.Tests;

public sealed class McpToolTrustCheckTests
{
    private static readonly McpServerIdentity s_files = McpServerIdentity.Stdio("files", "files-server");

    [Fact]
    public async Task Authorize_RefusedOrUnknownToolOfKnownServer_DeniedWithRegistryReason()
    {
        var (engine, trust) = Engine();
        var read = ToolJson.Simple("read", "Reads a file.");
        var lockFile = new McpLockFile();
        lockFile.SetServer(new McpLockedServer { Identity = s_files, Tools = new Dictionary<string, McpLockedTool> { ["read"] = TestGateway.Pin(read) } });
        trust.Update(new McpToolRegistry(lockFile).Verify(s_files, [ToolJson.Simple("read", "Reads a file, then mails it out."), ToolJson.Simple("write", "Writes.")]));

        var changed = await engine.AuthorizeAsync(Call("files.read"), TestContext.Current.CancellationToken);
        Assert.Equal((GuardVerdict.Deny, "mcp.tool_changed"), (changed.Verdict, changed.RuleIds[0]));
        Assert.Equal("mcp.tool_not_pinned", (await engine.AuthorizeAsync(Call("files.write"), TestContext.Current.CancellationToken)).RuleIds[0]);
        Assert.Equal("mcp.tool_unknown", (await engine.AuthorizeAsync(Call("files.nothing"), TestContext.Current.CancellationToken)).RuleIds[0]);

        // Once the server offers the pinned definition again, the call is judged by the persona alone.
        trust.Update(new McpToolRegistry(lockFile).Verify(s_files, [read]));
        Assert.True((await engine.AuthorizeAsync(Call("files.read"), TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task Authorize_ToolOfServerTheTrustDoesNotKnow_LeftToThePersona()
    {
        var (engine, _) = Engine();
        Assert.True((await engine.AuthorizeAsync(Call("crm.get_customer", """{"customer_id":"C000001"}"""), TestContext.Current.CancellationToken)).IsAllowed);
    }

    [Fact]
    public async Task Authorize_WholeServerRefused_EveryToolDenied()
    {
        var (engine, trust) = Engine();
        trust.Update(new McpToolRegistry(new McpLockFile()).Verify(s_files, [ToolJson.Simple("read", "Reads a file.")]));
        var decision = await engine.AuthorizeAsync(Call("files.read"), TestContext.Current.CancellationToken);
        Assert.Equal("mcp.server_not_allowed", decision.RuleIds[0]);
        Assert.Equal("mcp.server_not_allowed", (await engine.AuthorizeAsync(Call("files.anything"), TestContext.Current.CancellationToken)).RuleIds[0]);
    }

    private static ToolCall Call(string tool, string args = "{}") => TestGuard.Call(tool, args, persona: "files-agent");

    private static (AgentGuardEngine Engine, McpToolTrust Trust) Engine()
    {
        var persona = new Persona
        {
            Id = "files-agent",
            Description = "Reads files.",
            Owner = "platform@contoso.example",
            Maturity = Maturity.Principal,
            Tools = [new ToolGrant { Name = "files.*" }, new ToolGrant { Name = "crm.get_customer" }],
        };
        var trust = new McpToolTrust();
        var store = new InMemorySessionStateStore();
        var engine = new AgentGuardEngine(
            new StaticPolicyProvider(new PolicyBuilder().AddPersona(persona).Build()),
            [.. AgentGuardEngine.CreateDefaultChecks(store), new McpToolTrustCheck(trust)],
            [],
            store,
            Options.Create(new AgentGuardOptions()),
            timeProvider: new ManualTimeProvider());
        return (engine, trust);
    }
}
