using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentGuard.Server.Tests;

/// <summary>The CRM backend of the credential-broker tests: Kestrel on 127.0.0.1 and a free port, answering 200 only to
/// the right bearer token and recording the Authorization header of every request.</summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(WebApplication app, Uri baseUri, string token)
    {
        _app = app;
        BaseUri = baseUri;
        Token = token;
    }

    public Uri BaseUri { get; }

    public string Token { get; }

    public string Host => BaseUri.Authority;

    public ConcurrentQueue<string> Authorizations { get; } = new();

    public static async Task<TestBackend> StartAsync(string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        TestBackend? backend = null;
        app.Run(async context =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            backend!.Authorizations.Enqueue(authorization);
            if (authorization != "Bearer " + token)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            context.Response.ContentType = "application/json";
            context.Response.Headers.Append("Set-Cookie", "session=backend-session-cookie");
            await context.Response.WriteAsync($$"""{"path":"{{context.Request.Path}}","customer":"C000001","name":"Ada"}""", context.RequestAborted);
        });
        await app.StartAsync(CancellationToken.None);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        backend = new TestBackend(app, new Uri(address + "/"), token);
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
