using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentGuard.Core.Tests.Credentials;

public sealed class CredentialConfigurationTests
{
    private static AgentGuardCredentialOptions Load(Dictionary<string, string?> settings, Action<IAgentGuardBuilder>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        var builder = services.AddAgentGuard().AddCredentialsFromConfiguration(configuration.GetSection("AgentGuard:Credentials"));
        more?.Invoke(builder);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AgentGuardCredentialOptions>>().Value;
    }

    [Fact]
    public void Configuration_BackendsUsersAndOAuthSettings_Read()
    {
        var options = Load(new()
        {
            ["AgentGuard:Credentials:crm:Hosts:0"] = "crm.contoso.example",
            ["AgentGuard:Credentials:crm:Hosts:1"] = "*.crm.contoso.example",
            ["AgentGuard:Credentials:crm:Tools:0"] = "crm.get_*",
            ["AgentGuard:Credentials:crm:MaxRedirects"] = "2",
            ["AgentGuard:Credentials:crm:Credential:Kind"] = "client_credentials",
            ["AgentGuard:Credentials:crm:Credential:TokenEndpoint"] = "https://login.contoso.example/token",
            ["AgentGuard:Credentials:crm:Credential:ClientId"] = "agent",
            ["AgentGuard:Credentials:crm:Credential:ClientSecret"] = "env:CRM_CLIENT_SECRET",
            ["AgentGuard:Credentials:crm:Credential:ClientAuthentication"] = "client_secret_post",
            ["AgentGuard:Credentials:crm:Credential:Scopes"] = "crm.read crm.write",
            ["AgentGuard:Credentials:crm:Users:alice:Kind"] = "api_key",
            ["AgentGuard:Credentials:crm:Users:alice:Secret"] = "file:/run/secrets/crm-alice",
            ["AgentGuard:Credentials:crm:Users:alice:HeaderName"] = "X-Crm-Key",
            ["AgentGuard:Credentials:docs:Hosts"] = "docs.contoso.example",
            ["AgentGuard:Credentials:docs:Credential:Kind"] = "token-exchange",
            ["AgentGuard:Credentials:docs:Credential:TokenEndpoint"] = "https://login.contoso.example/token",
            ["AgentGuard:Credentials:docs:Credential:ClientId"] = "agent",
            ["AgentGuard:Credentials:docs:Credential:ClientSecret"] = "config:Secrets:Docs",
            ["AgentGuard:Credentials:docs:Credential:Audience"] = "urn:docs",
            ["AgentGuard:Credentials:docs:Credential:Resources:0"] = "https://docs.contoso.example/",
        });

        var crm = options.Backends["crm"];
        Assert.Equal(["crm.contoso.example", "*.crm.contoso.example"], crm.Hosts);
        Assert.Equal(["crm.get_*"], crm.Tools);
        Assert.Equal(2, crm.MaxRedirects);
        Assert.Equal(CredentialKind.OAuthClientCredentials, crm.Credential!.Kind);
        Assert.Equal(ClientAuthenticationMethod.ClientSecretPost, crm.Credential.ClientAuthentication);
        Assert.Equal("env:CRM_CLIENT_SECRET", crm.Credential.ClientSecret!.ToString());
        Assert.Equal(["crm.read", "crm.write"], crm.Credential.Scopes);
        Assert.Equal(CredentialKind.ApiKey, crm.Users["alice"].Kind);
        Assert.Equal("X-Crm-Key", crm.Users["alice"].HeaderName);
        var docs = options.Backends["docs"];
        Assert.Equal(["docs.contoso.example"], docs.Hosts);
        Assert.Equal(CredentialKind.OAuthTokenExchange, docs.Credential!.Kind);
        Assert.Equal("urn:docs", docs.Credential.Audience);
    }

    [Fact]
    public void Configuration_Errors_AllReportedTogether_WithPathsAndNeverTheSecret()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Load(new()
        {
            ["AgentGuard:Credentials:crm:Hosts:0"] = "crm.contoso.example/path",
            ["AgentGuard:Credentials:crm:Credential:Kind"] = "bearer",
            ["AgentGuard:Credentials:crm:Credential:Secret"] = "hunter2-literal-secret",
            ["AgentGuard:Credentials:crm:Credential:Secrte"] = "typo",
            ["AgentGuard:Credentials:crm:Users:bob:Kind"] = "kerberos",
            ["AgentGuard:Credentials:Bad Name:Hosts:0"] = "x.example",
            ["AgentGuard:Credentials:Bad Name:Credential:Kind"] = "basic",
            ["AgentGuard:Credentials:Bad Name:Credential:Secret"] = "vault:x",
            ["AgentGuard:Credentials:oauth:Hosts:0"] = "api.example",
            ["AgentGuard:Credentials:oauth:Credential:Kind"] = "client_credentials",
            ["AgentGuard:Credentials:oauth:Credential:TokenEndpoint"] = "http://login.example/token",
        }));

        var message = ex.Message;
        Assert.Contains("'crm.contoso.example/path' is not a host", message, StringComparison.Ordinal);
        Assert.Contains("AgentGuard:Credentials:crm:Credential:Secret: expected a secret reference", message, StringComparison.Ordinal);
        Assert.Contains("AgentGuard:Credentials:crm:Credential:Secrte: unknown setting", message, StringComparison.Ordinal);
        Assert.Contains("'kerberos' is not bearer", message, StringComparison.Ordinal);
        Assert.Contains("backend 'Bad Name': the name must match", message, StringComparison.Ordinal);
        Assert.Contains("basic authentication needs a UserName", message, StringComparison.Ordinal);
        Assert.Contains("secret store 'vault', which is not registered", message, StringComparison.Ordinal);
        Assert.Contains("TokenEndpoint must be an absolute https URI", message, StringComparison.Ordinal);
        Assert.Contains("backend 'oauth' credential: ClientId is required", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_BackendWithoutHostsOrCredential_Refused()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard().AddCredential("crm", _ => { });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AgentGuardCredentialOptions>>().Value);

        Assert.Contains("declare at least one host", ex.Message, StringComparison.Ordinal);
        Assert.Contains("set a Credential or at least one entry in Users", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_ApiKeyInAReservedHeader_Refused()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard().AddCredential("crm", CredentialOptions.ApiKey(SecretReference.Parse("env:X"), "Host"), "crm.contoso.example");
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AgentGuardCredentialOptions>>().Value);

        Assert.Contains("'Host' cannot carry an API key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigSecretStore_ReadsTheHostsConfiguration()
    {
        await using var server = await TestServer.EchoAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Secrets:Crm"] = "from-config" }).Build();
        await using var host = new CredentialTestHost(
            g => g.AddCredential("crm", CredentialOptions.Bearer(SecretReference.Parse("config:Secrets:Crm")), server.Host),
            s => s.AddSingleton<IConfiguration>(configuration));

        using var scope = CredentialTestHost.As();
        Assert.Equal("Bearer from-config", await host.Client().GetStringAsync(server.Url("x"), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("env:CRM_TOKEN", "env", "CRM_TOKEN")]
    [InlineData("FILE:/run/secrets/a:b", "file", "/run/secrets/a:b")]
    [InlineData("my-vault:crm/alice", "my-vault", "crm/alice")]
    public void SecretReference_Parse(string text, string store, string name)
    {
        var reference = SecretReference.Parse(text);

        Assert.Equal((store, name), (reference.Store, reference.Name));
    }

    [Theory]
    [InlineData("plain-secret")]
    [InlineData(":name")]
    [InlineData("env:")]
    [InlineData("a b:c")]
    public void SecretReference_Malformed_Rejected(string text) =>
        Assert.False(SecretReference.TryParse(text, out _));

    [Fact]
    public void SecretReference_Inline_NeverPrinted() =>
        Assert.DoesNotContain("s3cr3t", SecretReference.FromValue("s3cr3t").ToString(), StringComparison.Ordinal);
}
