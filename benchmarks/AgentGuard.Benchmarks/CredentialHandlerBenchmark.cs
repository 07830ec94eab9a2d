using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace AgentGuard.Benchmarks;

/// <summary>One backend request through AgentGuard's credential handler (call scope, checks, stripping, credential
/// injection and removal; with and without a presented handle) against the same request sent without it.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class CredentialHandlerBenchmark
{
    private static readonly Uri s_uri = new("https://crm.contoso.example/customers/C123456");

    private readonly ToolCall _call = new() { ToolName = "crm.get_customer", SessionId = "s1", UserId = "alice", AgentId = "agent-1", Persona = "support-triage" };
    private ServiceProvider _services = null!;
    private HttpMessageInvoker _plain = null!;
    private HttpMessageInvoker _guarded = null!;
    private string _handle = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddAgentGuard().AddCredential("crm", b =>
        {
            b.Hosts.Add("crm.contoso.example");
            b.Users["alice"] = CredentialOptions.Bearer(SecretReference.FromValue("crm-alice-token"));
        });
        _services = services.BuildServiceProvider();
        _plain = new HttpMessageInvoker(new OkHandler());
        var handler = AgentGuardCredentialHandler.Create(_services, "crm");
        handler.InnerHandler = new OkHandler();
        _guarded = new HttpMessageInvoker(handler);
        _handle = _services.GetRequiredService<CredentialHandleService>()
            .IssueAsync("crm", new AgentGuardContext { SessionId = "s1", UserId = "alice", AgentId = "agent-1" }).AsTask().GetAwaiter().GetResult().Value;

        if (Guarded() != HttpStatusCode.OK || GuardedWithHandle() != HttpStatusCode.OK)
        {
            throw new InvalidOperationException("The benchmark requests must succeed.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _guarded.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true)]
    public HttpStatusCode Unguarded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, s_uri);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer crm-alice-token");
        using var response = _plain.SendAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        return response.StatusCode;
    }

    [Benchmark]
    public HttpStatusCode Guarded()
    {
        using var scope = AgentGuardCallScope.Enter(_call, GuardDecision.Allowed);
        using var request = new HttpRequestMessage(HttpMethod.Get, s_uri);
        using var response = _guarded.SendAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        return response.StatusCode;
    }

    [Benchmark]
    public HttpStatusCode GuardedWithHandle()
    {
        using var scope = AgentGuardCallScope.Enter(_call, GuardDecision.Allowed);
        using var request = new HttpRequestMessage(HttpMethod.Get, s_uri);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _handle);
        using var response = _guarded.SendAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        return response.StatusCode;
    }

    private sealed class OkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(request.Headers.Authorization is null ? HttpStatusCode.Unauthorized : HttpStatusCode.OK));
    }
}
