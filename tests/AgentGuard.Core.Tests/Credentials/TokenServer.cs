using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AgentGuard.Core.Tests.Credentials;

/// <summary>A local OAuth token endpoint (<c>/token</c>) and backend (everything else, echoing the Authorization it got)
/// on one Kestrel server. The token endpoint records each request's form and answers with <see cref="Respond"/>.</summary>
internal sealed class TokenServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<Dictionary<string, string[]>> _forms = new();
    private readonly ConcurrentQueue<string?> _tokenAuthorizations = new();
    private int _issued;

    private TokenServer()
    {
    }

    public TestServer Server { get; private set; } = null!;

    /// <summary>Answers a token request: the status and JSON body. Default: a fresh bearer token valid for 300 s.</summary>
    public Func<Dictionary<string, string[]>, int, (int Status, object Body)> Respond { get; set; } =
        static (form, n) => (200, new { access_token = $"at-{n}", token_type = "Bearer", expires_in = 300 });

    /// <summary>The backend's status for a request. Default: 200.</summary>
    public Func<ReceivedRequest, int> BackendStatus { get; set; } = static _ => 200;

    public IReadOnlyList<Dictionary<string, string[]>> Forms => [.. _forms];

    public IReadOnlyList<string?> TokenAuthorizations => [.. _tokenAuthorizations];

    public int TokenRequests => _forms.Count;

    public Uri TokenEndpoint => Server.Url("token");

    public IEnumerable<ReceivedRequest> BackendRequests => Server.Requests.Where(static r => r.Path != "/token");

    public static async Task<TokenServer> StartAsync()
    {
        var tokens = new TokenServer();
        tokens.Server = await TestServer.StartAsync(async (context, r) =>
        {
            if (r.Path != "/token")
            {
                context.Response.StatusCode = tokens.BackendStatus(r);
                await context.Response.WriteAsync(r.Header("Authorization") ?? "(none)");
                return;
            }

            var form = QueryHelpers.ParseQuery(r.Body).ToDictionary(static p => p.Key, static p => p.Value.ToArray()!, StringComparer.Ordinal);
            tokens._forms.Enqueue(form!);
            tokens._tokenAuthorizations.Enqueue(r.Header("Authorization"));
            var (status, body) = tokens.Respond(form!, Interlocked.Increment(ref tokens._issued));
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(body));
        });
        return tokens;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
