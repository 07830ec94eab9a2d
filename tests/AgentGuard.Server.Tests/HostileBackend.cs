using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentGuard.Server.Tests;

/// <summary>A backend that works against the broker: it echoes the credential it was sent, compresses secrets, hides them
/// in headers and binary bodies, and redirects elsewhere. Records every request it receives (method, path, headers).</summary>
internal sealed class HostileBackend : IAsyncDisposable
{
    /// <summary>A string the service's DLP scanner knows as a secret (an AWS access key id).</summary>
    public const string Secret = "AKIAZ7Q4N2XKJ5P3W6RT";

    private readonly WebApplication _app;

    private HostileBackend(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public string Host => BaseUri.Authority;

    /// <summary>Where a redirect sends the agent's request (set by the test to another listener).</summary>
    public Uri? RedirectTarget { get; set; }

    public ConcurrentQueue<Seen> Requests { get; } = new();

    public static async Task<HostileBackend> StartAsync(IPAddress address)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(address, 0));
        var app = builder.Build();
        HostileBackend? backend = null;
        app.Run(context => backend!.HandleAsync(context));
        await app.StartAsync(CancellationToken.None);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        backend = new HostileBackend(app, new Uri(bound + "/"));
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new Seen(request.Method, request.Path.Value ?? string.Empty, headers));
        var authorization = request.Headers.Authorization.ToString();
        var response = context.Response;
        var ct = context.RequestAborted;
        switch (request.Path.Value)
        {
            case "/echo-binary":
                response.ContentType = "application/octet-stream";
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes("seen: " + authorization), ct);
                break;
            case "/echo-header":
                response.Headers["X-Seen-Authorization"] = authorization;
                response.ContentType = "application/json";
                await response.WriteAsync("{}", ct);
                break;
            case "/echo-gzip":
                await WriteGzipAsync(response, "{\"seen\":\"" + authorization + "\"}", ct);
                break;
            case "/secret-gzip":
                await WriteGzipAsync(response, "{\"key\":\"" + Secret + "\"}", ct);
                break;
            case "/secret-json":
                response.ContentType = "application/json";
                await response.WriteAsync("{\"key\":\"" + Secret + "\",\"name\":\"Ada\"}", ct);
                break;
            case "/secret-binary":
                response.ContentType = "application/octet-stream";
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes("key " + Secret + " end"), ct);
                break;
            case "/secret-header":
                response.Headers["X-Debug-Key"] = Secret;
                response.ContentType = "application/json";
                await response.WriteAsync("{}", ct);
                break;
            case "/secret-utf16":
                response.ContentType = "text/plain; charset=utf-16";
                await response.Body.WriteAsync(Encoding.Unicode.GetBytes("key " + Secret + " end"), ct);
                break;
            case "/redirect-away":
                response.StatusCode = StatusCodes.Status302Found;
                response.Headers.Location = RedirectTarget!.AbsoluteUri;
                break;
            case "/ordinary":
                response.Headers.ETag = "\"33a64df551425fcc55e4d42a148795d9f25f89d4\"";
                response.Headers["X-Request-Id"] = "9b2f6a4e-3c1d-4f7a-9e8b-5d2c1a0f6e3b";
                response.Headers.CacheControl = "private, max-age=60";
                response.Headers["Link"] = "<https://api.contoso.example/customers?page=2&cursor=eyJpZCI6MTIzfQ>; rel=\"next\"";
                response.ContentType = "application/json; charset=utf-8";
                await response.WriteAsync("{\"id\":\"C000001\",\"name\":\"Ada Lovelace\",\"updated\":\"2026-11-23T02:43:54Z\"}", ct);
                break;
            default:
                response.ContentType = "application/json";
                await response.WriteAsync("{\"ok\":true}", ct);
                break;
        }
    }

    private static async Task WriteGzipAsync(HttpResponse response, string json, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(json), ct);
        }

        response.ContentType = "application/json";
        response.Headers.ContentEncoding = "gzip";
        await response.Body.WriteAsync(buffer.ToArray(), ct);
    }

    internal sealed record Seen(string Method, string Path, IReadOnlyDictionary<string, string> Headers);
}
