using System.Collections.Concurrent;

namespace AgentGuard;

/// <summary>Wraps the service's <see cref="ICredentialBroker"/> to note the credential values it put on each send of a
/// brokered request, so that <see cref="ServerHttpBroker"/> can take them out of the reply (a backend that echoes its
/// request — a debug endpoint, <c>TRACE</c>, an error page — would otherwise hand the outside credential to the agent).</summary>
/// <remarks>Only records inside <see cref="Begin"/> (the broker's send); the values stay in the service process. Thread-safe.</remarks>
internal sealed class SentCredentialRecorder(ICredentialBroker inner) : ICredentialBroker
{
    /// <summary>The shortest value treated as a credential (shorter ones would match ordinary text).</summary>
    internal const int MinimumLength = 8;

    private static readonly AsyncLocal<ConcurrentQueue<string>?> s_current = new();

    /// <summary>Starts recording for the current asynchronous flow; returns where the sent credential values go.</summary>
    public static ConcurrentQueue<string> Begin() => s_current.Value = new ConcurrentQueue<string>();

    /// <inheritdoc />
    public async Task<HttpResponseMessage> SendAsync(CredentialRequest request, HttpRequestMessage message, HttpMessageInvoker pipeline, CancellationToken cancellationToken)
    {
        if (s_current.Value is not { } sink)
        {
            return await inner.SendAsync(request, message, pipeline, cancellationToken).ConfigureAwait(false);
        }

        // Whatever header value appears between here and the wire was added by the broker: the credential.
        var before = new HashSet<string>(StringComparer.Ordinal);
        foreach (var header in message.Headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                before.Add(header.Key + "\n" + value);
            }
        }

        using var recording = new HttpMessageInvoker(new RecordingHandler(pipeline, before, sink), disposeHandler: true);
        return await inner.SendAsync(request, message, recording, cancellationToken).ConfigureAwait(false);
    }

    private static void Record(ConcurrentQueue<string> sink, string value)
    {
        var text = value.Trim();
        if (text.Length >= MinimumLength)
        {
            sink.Enqueue(text);
        }

        // "Bearer abc…", "Basic …", "token abc…": the part after the scheme is the secret on its own.
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && text.Length - space - 1 >= MinimumLength)
        {
            sink.Enqueue(text[(space + 1)..].Trim());
        }
    }

    private sealed class RecordingHandler(HttpMessageInvoker pipeline, HashSet<string> before, ConcurrentQueue<string> sink) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            foreach (var header in request.Headers.NonValidated)
            {
                foreach (var value in header.Value)
                {
                    if (!before.Contains(header.Key + "\n" + value))
                    {
                        Record(sink, value);
                    }
                }
            }

            return pipeline.SendAsync(request, cancellationToken);
        }
    }
}
