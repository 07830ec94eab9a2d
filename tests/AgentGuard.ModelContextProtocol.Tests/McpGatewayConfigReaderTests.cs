using ModelContextProtocol.Client;

namespace AgentGuard.ModelContextProtocol.Tests;

public sealed class McpGatewayConfigReaderTests
{
    private const string Full = """
        identity:
          persona: desktop-assistant
          user: alice
          session: desk-1
          agent: claude-desktop
        policy:
          personas: ./personas
          catalog: ./catalog.yaml
          users: ./users.yaml
        lock: ./pins/agentguard.mcp.lock
        mode: monitor
        poisoning:
          refuse_at: medium
        namespace_separator: "__"
        timeouts:
          connect: 10s
          call: 2m
        publishers:
          acme: ./keys/acme.pem
        servers:
          files:
            command: npx
            args: [-y, files-server]
            env:
              FILES_TOKEN: ${FILES_TOKEN}
            publisher: acme
            signature: ./files.sig
            timeouts: { call: 500ms }
          search:
            url: https://search.example/mcp
            transport: sse
            headers:
              Authorization: Bearer ${SEARCH_TOKEN}
        """;

    [Fact]
    public void Parse_FullConfiguration_EveryFieldReadAndPathsResolved()
    {
        var config = McpGatewayConfigReader.Parse(Full, "/etc/agentguard/gateway.yaml");
        Assert.Equal(new McpGatewayIdentity { Persona = "desktop-assistant", User = "alice", Session = "desk-1", Agent = "claude-desktop" }, config.Identity);
        Assert.Equal("/etc/agentguard/personas", config.PersonasPath);
        Assert.Equal("/etc/agentguard/pins/agentguard.mcp.lock", config.LockPath);
        Assert.Equal(EnforcementMode.Monitor, config.Mode);
        Assert.Equal(McpFindingSeverity.Medium, config.RefuseAtSeverity);
        Assert.Equal("__", config.NamespaceSeparator);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2)), (config.ConnectTimeout, config.CallTimeout));
        Assert.Equal("/etc/agentguard/keys/acme.pem", config.Publishers["acme"]);

        var files = config.Servers[0];
        Assert.Equal(("files", "npx", "-y files-server", "${FILES_TOKEN}"), (files.Name, files.Command, string.Join(' ', files.Arguments), files.Environment["FILES_TOKEN"]));
        Assert.Equal(("acme", "/etc/agentguard/files.sig", TimeSpan.FromMilliseconds(500)), (files.Publisher, files.SignaturePath, files.CallTimeout));
        Assert.False(files.InheritEnvironment);
        Assert.Equal("/etc/agentguard", files.WorkingDirectory);

        var search = config.Servers[1];
        Assert.Equal(("https://search.example/mcp", HttpTransportMode.Sse, "Bearer ${SEARCH_TOKEN}"), (search.Url, search.Transport, search.Headers["Authorization"]));
        Assert.Equal("http", search.Identity.Transport);
    }

    [Fact]
    public void Parse_Minimal_Defaults()
    {
        var config = McpGatewayConfigReader.Parse("identity: { persona: p }\npolicy: { personas: p.yaml }\nservers:\n  a: { command: x }\n", "/srv/gateway.yaml");
        Assert.Equal("/srv/agentguard.mcp.lock", config.LockPath);
        Assert.Equal((McpFindingSeverity?)McpFindingSeverity.High, config.RefuseAtSeverity);
        Assert.Equal(".", config.NamespaceSeparator);
        Assert.Null(config.Identity.Session);
    }

    [Theory]
    [InlineData("identity: { persona: p }\npolicy: { personas: p }\nservers:\n  a: { command: x, inherit_envv: true }\n", "servers.a.inherit_envv: unknown field")]
    [InlineData("identity: { user: u }\npolicy: { personas: p }\nservers:\n  a: { command: x }\n", "identity.persona: required")]
    [InlineData("identity: { persona: p }\npolicy: { personas: p }\nservers:\n  a: { command: x, url: 'http://h' }\n", "exactly one of 'command'")]
    [InlineData("identity: { persona: p }\npolicy: { personas: p }\nservers:\n  a.b: { command: x }\n", "invalid server name")]
    [InlineData("identity: { persona: p }\npolicy: { personas: p }\nservers:\n  a: { command: x, publisher: nobody, signature: s }\n", "unknown publisher 'nobody'")]
    [InlineData("identity: { persona: p }\npolicy: { personas: p }\nservers:\n  a: { url: 'ftp://h' }\n", "absolute http or https URL")]
    [InlineData("identity: { persona: p }\npolicy: { personas: p }\nservers:\n  a: { url: 'http://h', env: { A: b } }\n", "only for stdio servers")]
    [InlineData("identity: { persona: p }\npolicy: { personas: p }\ntimeouts: { call: -1 }\nservers:\n  a: { command: x }\n", "timeouts.call: expected a positive duration")]
    [InlineData("identity: { persona: p }\npolicy: { personas: p }\npoisoning: { refuse_at: extreme }\nservers:\n  a: { command: x }\n", "poisoning.refuse_at")]
    [InlineData("identity: { persona: p }\npolicy: { personas: p }\n", "servers: required")]
    [InlineData("identity: [", "not valid YAML")]
    public void Parse_Invalid_ErrorNamesFileLineAndField(string yaml, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => McpGatewayConfigReader.Parse(yaml, "/x/gateway.yaml"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Matches(@"^/x/gateway\.yaml:\d+:\d+: error: ", error.Message);
    }

    [Theory]
    [InlineData("Bearer ${T}", "Bearer tok")]
    [InlineData("$${T}", "${T}")]
    [InlineData("a$b", "a$b")]
    [InlineData("${T}${T}", "toktok")]
    public void Expand_References_Substituted(string value, string expected) =>
        Assert.Equal(expected, McpGatewayConfig.Expand(value, static n => n == "T" ? "tok" : null));

    [Fact]
    public void Expand_MissingVariable_FailsClosed() =>
        Assert.Contains("'MISSING' is not set", Assert.Throws<InvalidOperationException>(() => McpGatewayConfig.Expand("${MISSING}", static _ => null)).Message, StringComparison.Ordinal);
}
