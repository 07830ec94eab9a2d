using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentGuard.Protocol.V1;

namespace AgentGuard.Server.Tests;

/// <summary>The service with a hostile backend (and a second listener on 127.0.0.2 standing for an attacker's host), in
/// this process: one per test class.</summary>
public sealed class BrokerAttackFixture : IAsyncLifetime
{
    private InProcessServer? _server;

    internal InProcessServer Server => _server ?? throw new InvalidOperationException("not started");

    internal HostileBackend Backend { get; private set; } = null!;

    internal HostileBackend Attacker { get; private set; } = null!;

    internal string Token { get; } = "crm-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public async ValueTask InitializeAsync()
    {
        Backend = await HostileBackend.StartAsync(IPAddress.Loopback);
        Attacker = await HostileBackend.StartAsync(IPAddress.Parse("127.0.0.2"));
        Backend.RedirectTarget = new Uri(Attacker.BaseUri, "steal");
        _server = await InProcessServer.StartAsync((root, config) =>
        {
            var tokenFile = Path.Combine(root, "crm.token");
            File.WriteAllText(tokenFile, Token);
            config["AgentGuard"]!["Credentials"] = new JsonObject
            {
                ["crm"] = new JsonObject
                {
                    ["Hosts"] = new JsonArray(Backend.Host),
                    ["Tools"] = new JsonArray("crm.get_customer"),
                    ["RequireHttps"] = "false",
                    ["FollowRedirects"] = "true",
                    ["Credential"] = new JsonObject { ["Kind"] = "Bearer", ["Secret"] = "file:" + tokenFile },
                },
            };
            return config;
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Backend.DisposeAsync();
        await Attacker.DisposeAsync();
    }
}

/// <summary>A compromised agent with a valid inside key uses the credential broker against the rules: the backend's reply
/// must not carry the outside credential or a secret back to it, and the request must not reach anything else.</summary>
public sealed class BrokerAttackTests(BrokerAttackFixture fixture) : IClassFixture<BrokerAttackFixture>
{
    private InProcessServer Server => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AgentGuard.ToolCall Call(string tool = "crm.get_customer") => new()
    {
        ToolName = tool,
        Arguments = JsonDocument.Parse(tool == "crm.get_customer" ? """{"customer_id":"C000001"}""" : "{}").RootElement.Clone(),
        SessionId = "broker-" + Guid.NewGuid().ToString("N"),
        UserId = "alice",
    };

    private RemoteAgentGuard Agent() => Server.Client(Server.Addresses[0]);

    private async Task<HttpReply> SendAsync(string url, Action<HttpCall>? configure = null)
    {
        using var agent = Agent();
        var call = Call();
        var decision = await agent.AuthorizeAsync(call, Ct);
        Assert.True(agent.TryGetGrant(decision, out var grant), decision.ToString());
        var request = new HttpCall { Backend = "crm", Method = "GET", Url = url, Grant = grant, Call = ProtoMapping.ToProto(call) };
        configure?.Invoke(request);
        return await agent.ExecuteHttpAsync(request, call, Ct);
    }

    private string Url(string path) => fixture.Backend.BaseUri + path.TrimStart('/');

    /// <summary>Everything the agent gets back, decoded as the agent would: headers, the body as text (decompressed when gzip).</summary>
    private static string Everything(HttpReply reply)
    {
        var text = new StringBuilder();
        foreach (var h in reply.Headers)
        {
            text.Append(h.Name).Append(": ").AppendLine(h.Value);
        }

        var body = reply.Body.ToByteArray();
        text.AppendLine(Encoding.UTF8.GetString(body)).AppendLine(Encoding.Unicode.GetString(body));
        if (body.Length > 2 && body[0] == 0x1f && body[1] == 0x8b)
        {
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            text.AppendLine(reader.ReadToEnd());
        }

        return text.ToString();
    }

    [Fact]
    public async Task ExecuteHttp_BackendEchoesCredentialInBinaryBody_CredentialNeverReachesAgent()
    {
        var reply = await SendAsync(Url("echo-binary"));
        Assert.Contains(fixture.Backend.Requests, r => r.Path == "/echo-binary" && r.Headers["Authorization"] == "Bearer " + fixture.Token);
        Assert.DoesNotContain(fixture.Token, Everything(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteHttp_BackendEchoesCredentialInResponseHeader_CredentialNeverReachesAgent()
    {
        var reply = await SendAsync(Url("echo-header"));
        Assert.Contains(fixture.Backend.Requests, r => r.Path == "/echo-header");
        Assert.DoesNotContain(fixture.Token, Everything(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteHttp_BackendEchoesCredentialGzipped_CredentialNeverReachesAgent()
    {
        var reply = await SendAsync(Url("echo-gzip"), r => r.Headers.Add(new Header { Name = "Accept-Encoding", Value = "gzip" }));
        Assert.Contains(fixture.Backend.Requests, r => r.Path == "/echo-gzip");
        Assert.DoesNotContain(fixture.Token, Everything(reply), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret-gzip")]
    [InlineData("secret-binary")]
    [InlineData("secret-header")]
    [InlineData("secret-utf16")]
    public async Task ExecuteHttp_SecretInResponseAnyEncodingOrPlace_RedactedBeforeAgentSeesIt(string path)
    {
        var reply = await SendAsync(Url(path), r => r.Headers.Add(new Header { Name = "Accept-Encoding", Value = "gzip" }));
        Assert.Equal(string.Empty, reply.RefusalRuleId);
        Assert.Equal(200, reply.StatusCode);
        Assert.DoesNotContain(HostileBackend.Secret, Everything(reply), StringComparison.Ordinal);
        Assert.Contains(reply.Denials, d => d.RuleId == "dlp.response_secret_redacted");
    }

    [Fact]
    public async Task ExecuteHttp_TextResponseWithSecret_RedactedStillReadable()
    {
        // The baseline the encoding tricks above try to get around: plain JSON is redacted and otherwise untouched.
        var reply = await SendAsync(Url("secret-json"));
        var body = reply.Body.ToStringUtf8();
        Assert.DoesNotContain(HostileBackend.Secret, body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Ada\"", body, StringComparison.Ordinal);
        Assert.Contains(reply.Denials, d => d.RuleId == "dlp.response_secret_redacted");
    }

    [Fact]
    public async Task ExecuteHttp_OrdinaryResponse_PassesUnchangedWithoutDenials()
    {
        // The control for the inspection above: ordinary headers (ETag, request id, links) and JSON pass byte for byte.
        var reply = await SendAsync(Url("ordinary"));
        Assert.Equal(200, reply.StatusCode);
        Assert.Empty(reply.Denials);
        Assert.Equal("{\"id\":\"C000001\",\"name\":\"Ada Lovelace\",\"updated\":\"2026-11-23T02:43:54Z\"}", reply.Body.ToStringUtf8());
        Assert.Contains(reply.Headers, h => h.Name == "ETag" && h.Value == "\"33a64df551425fcc55e4d42a148795d9f25f89d4\"");
        Assert.Contains(reply.Headers, h => h.Name.Equals("X-Request-Id", StringComparison.OrdinalIgnoreCase) && h.Value == "9b2f6a4e-3c1d-4f7a-9e8b-5d2c1a0f6e3b");
    }

    [Fact]
    public async Task ExecuteHttp_HostHeaderNamesAnotherSite_RefusedBackendNeverCalled()
    {
        var reply = await SendAsync(Url("vhost"), r => r.Headers.Add(new Header { Name = "Host", Value = fixture.Attacker.Host }));
        Assert.Equal("credentials.host_not_allowed", reply.RefusalRuleId);
        Assert.DoesNotContain(fixture.Backend.Requests, r => r.Path == "/vhost");
    }

    [Fact]
    public async Task ExecuteHttp_HeaderValueWithCrLf_NoSmuggledHeaderReachesBackend()
    {
        var reply = await SendAsync(Url("crlf"), r => r.Headers.Add(new Header { Name = "X-Note", Value = "a\r\nAuthorization: Bearer attacker\r\nX-Smuggled: 1" }));
        Assert.Equal("remote.bad_header", reply.RefusalRuleId);
        Assert.DoesNotContain(fixture.Backend.Requests, r => r.Path == "/crlf");
        Assert.DoesNotContain(fixture.Backend.Requests, r => r.Headers.ContainsKey("X-Smuggled"));
        Assert.DoesNotContain(fixture.Backend.Requests, r => r.Headers.TryGetValue("Authorization", out var a) && a.Contains("attacker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteHttp_RedirectToAnotherHost_NotFollowedNoCredentialThere()
    {
        var reply = await SendAsync(Url("redirect-away"));
        Assert.Equal(302, reply.StatusCode);
        Assert.DoesNotContain(fixture.Attacker.Requests, r => r.Path == "/steal");
    }

    [Theory]
    [InlineData("http://{backend}@{attacker}/userinfo")]
    [InlineData("http://{attacker}\\@{backend}/backslash")]
    [InlineData("http://{attacker}#@{backend}/fragment")]
    [InlineData("http://%31%32%37.0.0.2:{attackerPort}/percent-host")]
    [InlineData("http://127.0.0.2:{attackerPort}\\.{backend}/suffix")]
    public async Task ExecuteHttp_UrlThatLooksLikeTheBackend_NoRequestReachesAnotherHost(string template)
    {
        var url = template.Replace("{backend}", fixture.Backend.Host, StringComparison.Ordinal)
            .Replace("{attackerPort}", fixture.Attacker.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{attacker}", fixture.Attacker.Host, StringComparison.Ordinal);
        HttpReply? reply = null;
        try
        {
            reply = await SendAsync(url);
        }
        catch (RemoteEnforcementException ex)
        {
            Assert.Equal(GrpcStatusCode.InvalidArgument, ex.Status);
        }

        Assert.Empty(fixture.Attacker.Requests);
        if (reply is not null && reply.RefusalRuleId.Length == 0)
        {
            // Sent: then only to the declared backend, with the URL it parsed to.
            Assert.Equal(200, reply.StatusCode);
        }
    }

    [Theory]
    [InlineData("GET /admin HTTP/1.1\r\nX-Smuggled: 1\r\nX-Pad:")]
    [InlineData("GET /admin")]
    [InlineData("")]
    public async Task ExecuteHttp_MethodThatIsNotAToken_RefusedBackendNeverCalled(string method)
    {
        var ex = await Record.ExceptionAsync(() => SendAsync(Url("method-trick"), r => r.Method = method));
        Assert.IsType<RemoteEnforcementException>(ex);
        Assert.DoesNotContain(fixture.Backend.Requests, r => r.Path is "/method-trick" or "/admin");
    }

    [Theory]
    [InlineData("ftp://{backend}/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ws://{backend}/socket")]
    public async Task ExecuteHttp_NonHttpScheme_NoRequestSentAnywhere(string template)
    {
        var url = template.Replace("{backend}", fixture.Backend.Host, StringComparison.Ordinal);
        var before = fixture.Backend.Requests.Count;
        HttpReply? reply = null;
        var ex = await Record.ExceptionAsync(async () => reply = await SendAsync(url));
        Assert.True(ex is RemoteEnforcementException || reply is { RefusalRuleId.Length: > 0 }, ex?.ToString() ?? reply?.ToString());
        Assert.Equal(before, fixture.Backend.Requests.Count);
        Assert.Empty(fixture.Attacker.Requests);
    }

    [Fact]
    public async Task ExecuteHttp_GrantThenSessionHalted_RefusedBackendNeverCalled()
    {
        using var agent = Agent();
        var call = Call();
        var decision = await agent.AuthorizeAsync(call, Ct);
        Assert.True(agent.TryGetGrant(decision, out var grant));
        await agent.HaltAsync(HaltTarget.Session, call.SessionId, "stop", Ct);
        var reply = await agent.ExecuteHttpAsync(new HttpCall { Backend = "crm", Method = "GET", Url = Url("after-halt"), Grant = grant, Call = ProtoMapping.ToProto(call) }, call, Ct);
        Assert.Equal("remote.halted", reply.RefusalRuleId);
        Assert.DoesNotContain(fixture.Backend.Requests, r => r.Path == "/after-halt");
    }

    [Fact]
    public async Task ExecuteHttp_WithoutGrantClaimingAnotherPersona_PermissionDenied()
    {
        using var agent = Agent();
        var call = Call("ledger.read");
        var proto = ProtoMapping.ToProto(call);
        proto.Persona = "reconciler";
        var ex = await Assert.ThrowsAsync<RemoteEnforcementException>(() =>
            agent.ExecuteHttpAsync(new HttpCall { Backend = "crm", Method = "GET", Url = Url("persona"), Call = proto }, call, Ct));
        Assert.Equal(GrpcStatusCode.PermissionDenied, ex.Status);
        Assert.DoesNotContain(fixture.Backend.Requests, r => r.Path == "/persona");
    }
}
