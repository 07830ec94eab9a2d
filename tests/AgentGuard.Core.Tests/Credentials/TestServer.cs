using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentGuard.Core.Tests.Credentials;

/// <summary>One request as the local test server received it.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string Query, string HostHeader, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A real HTTP server (Kestrel) on 127.0.0.1 and a port the OS picks, answering with the test's handler and
/// recording every request it receives.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private TestServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>The authority to declare as a backend host: <c>127.0.0.1:port</c>.</summary>
    public string Host => BaseUri.Authority;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    public static async Task<TestServer> StartAsync(Func<HttpContext, ReceivedRequest, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        TestServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(static h => h.Key, static h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var received = new ReceivedRequest(
                context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty, context.Request.Host.Value ?? string.Empty, headers, body);
            server!._requests.Enqueue(received);
            await handler(context, received);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new TestServer(app, new Uri(address + "/"));
        return server;
    }

    /// <summary>A server that answers 200 with the Authorization (or the given) header it received as the body.</summary>
    public static Task<TestServer> EchoAsync(string header = "Authorization") =>
        StartAsync((context, received) => context.Response.WriteAsync(received.Header(header) ?? "(none)"));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
