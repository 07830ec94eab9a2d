using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace AgentGuard.Server.Tests;

/// <summary>TLS with client certificates for remote hosts, and refusal of plain TCP beyond loopback.</summary>
public sealed class TransportSecurityTests
{
    private static ToolCall Call() => new() { ToolName = "tickets.get", SessionId = "tls-" + Guid.NewGuid().ToString("N"), UserId = "alice" };

    [Fact]
    public async Task Tls_ClientCertificateFromTrustedCa_Allowed()
    {
        using var pki = new TestPki();
        await using var server = await StartTlsAsync(pki);
        using var guard = server.Client(HttpsAddress(server), configure: o =>
        {
            o.ClientCertificate = pki.Client;
            o.ServerCertificateSha256 = pki.ServerSha256;
        });
        var decision = await guard.AuthorizeAsync(Call(), TestContext.Current.CancellationToken);
        Assert.True(decision.IsAllowed, decision.ToString());
    }

    [Fact]
    public async Task Tls_NoClientCertificate_HandshakeRefusedCallFailsClosed()
    {
        using var pki = new TestPki();
        await using var server = await StartTlsAsync(pki);
        using var guard = server.Client(HttpsAddress(server), configure: o => o.ServerCertificateSha256 = pki.ServerSha256);
        var decision = await guard.AuthorizeAsync(Call(), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
        Assert.Equal([RemoteRuleIds.Unavailable], decision.RuleIds);
    }

    [Fact]
    public async Task Tls_ClientCertificateFromAnotherCa_Refused()
    {
        using var pki = new TestPki();
        using var stranger = new TestPki();
        await using var server = await StartTlsAsync(pki);
        using var guard = server.Client(HttpsAddress(server), configure: o =>
        {
            o.ClientCertificate = stranger.Client;
            o.ServerCertificateSha256 = pki.ServerSha256;
        });
        var decision = await guard.AuthorizeAsync(Call(), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
    }

    [Fact]
    public async Task Tls_ServerCertificateNotThePinnedOne_ClientRefusesToTalk()
    {
        using var pki = new TestPki();
        using var other = new TestPki();
        await using var server = await StartTlsAsync(pki);
        using var guard = server.Client(HttpsAddress(server), configure: o =>
        {
            o.ClientCertificate = pki.Client;
            o.ServerCertificateSha256 = other.ServerSha256;
        });
        var decision = await guard.AuthorizeAsync(Call(), TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
        Assert.Equal([RemoteRuleIds.Unavailable], decision.RuleIds);
    }

    [Fact]
    public async Task PlainTcp_NonLoopbackAddress_RefusedAtStartup()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => InProcessServer.StartAsync((_, config) =>
        {
            config["AgentGuard"]!["Server"]!["Listen"] = new JsonObject { ["Tcp"] = "0.0.0.0:0" };
            return config;
        }));
        Assert.Contains("not a loopback address", ex.Message, StringComparison.Ordinal);
    }

    private static string HttpsAddress(InProcessServer server) => server.Addresses.Single(static a => a.StartsWith("https://", StringComparison.Ordinal));

    private static Task<InProcessServer> StartTlsAsync(TestPki pki) => InProcessServer.StartAsync((root, config) =>
    {
        pki.Write(root);
        config["AgentGuard"]!["Server"]!["Listen"] = new JsonObject
        {
            ["Https"] = "127.0.0.1:0",
            ["Tls"] = new JsonObject { ["CertificateFile"] = "server.crt", ["KeyFile"] = "server.key", ["RequireClientCertificate"] = "true", ["ClientCaFile"] = "ca.crt" },
        };
        return config;
    });

    /// <summary>A CA, a server certificate for 127.0.0.1 and a client certificate (clientAuth), all made for the test.</summary>
    private sealed class TestPki : IDisposable
    {
        private readonly X509Certificate2 _ca;
        private readonly X509Certificate2 _server;
        private readonly RSA _serverKey;

        public TestPki()
        {
            using var caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=AgentGuard Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            var now = DateTimeOffset.UtcNow;
            _ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

            _serverKey = RSA.Create(2048);
            var serverRequest = new CertificateRequest("CN=127.0.0.1", _serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            serverRequest.CertificateExtensions.Add(san.Build());
            serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            _server = serverRequest.Create(_ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

            using var clientKey = RSA.Create(2048);
            var clientRequest = new CertificateRequest("CN=agent triage-1", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
            using var client = clientRequest.Create(_ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
            using var withKey = client.CopyWithPrivateKey(clientKey);
            Client = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            ServerSha256 = Convert.ToHexString(SHA256.HashData(_server.RawData));
        }

        public X509Certificate2 Client { get; }

        public string ServerSha256 { get; }

        public void Write(string directory)
        {
            File.WriteAllText(Path.Combine(directory, "ca.crt"), _ca.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "server.crt"), _server.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "server.key"), _serverKey.ExportPkcs8PrivateKeyPem());
        }

        public void Dispose()
        {
            _ca.Dispose();
            _server.Dispose();
            _serverKey.Dispose();
            Client.Dispose();
        }
    }
}
