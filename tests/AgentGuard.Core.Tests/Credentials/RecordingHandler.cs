using System.Net;

namespace AgentGuard.Core.Tests.Credentials;

/// <summary>A primary handler that answers without a network and records what it was sent (header values included).</summary>
internal sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage>? respond = null) : HttpMessageHandler
{
    private readonly List<(Uri Uri, Dictionary<string, string> Headers)> _sent = [];

    public IReadOnlyList<(Uri Uri, Dictionary<string, string> Headers)> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.NonValidated.ToDictionary(static h => h.Key, static h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        lock (_sent)
        {
            _sent.Add((request.RequestUri!, headers));
        }

        return Task.FromResult(respond?.Invoke(request) ?? new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }
}
