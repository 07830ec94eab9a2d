using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentGuard.Quickstart;

/// <summary>The company CRM: a real HTTP server on 127.0.0.1 (a port the OS picks), started in process, that accepts
/// only its users' own bearer tokens. It knows nothing about AgentGuard or handles.</summary>
internal sealed class CrmBackend : IAsyncDisposable
{
    /// <summary>How many customers the CRM holds.</summary>
    public const int CustomerCount = 2400;

    private readonly WebApplication _app;
    private readonly Dictionary<string, string> _userByToken;
    private readonly ConcurrentQueue<string> _log = new();

    private CrmBackend(WebApplication app, Dictionary<string, string> userByToken)
    {
        _app = app;
        _userByToken = userByToken;
    }

    /// <summary>Gets the backend's address.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Gets each user's secret token (what the IT department provisioned; the agent never sees these).</summary>
    public IReadOnlyDictionary<string, string> Tokens => _userByToken.ToDictionary(static p => p.Value, static p => p.Key);

    /// <summary>Gets and clears what the backend served, as it would log it (user and path, never the token).</summary>
    public IReadOnlyList<string> DrainLog()
    {
        var lines = new List<string>();
        while (_log.TryDequeue(out var line))
        {
            lines.Add(line);
        }

        return lines;
    }

    public static async Task<CrmBackend> StartAsync(params string[] users)
    {
        var tokens = users.ToDictionary(static u => $"crm-{u}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}", static u => u);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var backend = new CrmBackend(app, tokens);
        app.Run(backend.HandleAsync);
        await app.StartAsync();
        backend.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_userByToken.TryGetValue(authorization[7..], out var user))
        {
            _log.Enqueue($"401 {context.Request.Path} (no valid token)");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var path = context.Request.Path.Value ?? "/";
        _log.Enqueue($"200 {path} as {user}");
        if (path.StartsWith("/customers/", StringComparison.Ordinal))
        {
            var id = path["/customers/".Length..];
            await context.Response.WriteAsJsonAsync(new { id, name = "Jane Roe", email = "jane.roe@contoso.example", tier = "gold" });
            return;
        }

        if (path == "/export")
        {
            // The CRM applies the caller's regex to every customer id: a pattern that matches them all exports them all.
            Regex pattern;
            try
            {
                pattern = new Regex(context.Request.Query["pattern"].ToString(), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            await context.Response.WriteAsJsonAsync(Enumerable.Range(100000, CustomerCount)
                .Select(static i => $"C{i}")
                .Where(id => pattern.IsMatch(id))
                .Select(static id => new { id, name = $"Customer {id}", email = $"{id.ToLowerInvariant()}@mail.example.org" }));
            return;
        }

        var query = context.Request.Query["query"].ToString();
        var limit = int.TryParse(context.Request.Query["limit"], out var n) ? Math.Clamp(n, 0, 3) : 3;
        await context.Response.WriteAsJsonAsync(Enumerable.Range(1, limit).Select(i => new { id = $"C00000{i}", name = $"{query} {i}" }));
    }
}
