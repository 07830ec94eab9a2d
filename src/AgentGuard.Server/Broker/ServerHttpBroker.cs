using System.IO.Compression;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using P = AgentGuard.Protocol.V1;

namespace AgentGuard;

/// <summary>The service side of the credential broker: sends an agent's backend request of an allowed call through the
/// same <see cref="AgentGuardCredentialHandler"/> as in process (caller credentials stripped, hosts and redirects checked,
/// the outside key added for that one send), inspects the response and returns it.</summary>
/// <remarks>Response inspection: <c>Set-Cookie</c> is dropped (a backend session is a credential too); a compressed body
/// (gzip, deflate, br) is decoded; the credential the service sent, wherever the backend repeats it, and secrets found by
/// the DLP scanner, in any header value or in the body whatever its content type, are redacted before the agent sees
/// them. Thread-safe.</remarks>
internal sealed partial class ServerHttpBroker
{
    /// <summary>The prefix of the named <see cref="HttpClient"/> of each backend.</summary>
    public const string ClientPrefix = "agentguard.broker.";

    private static readonly HashSet<string> s_skipRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "TE", "Proxy-Connection", "Content-Length",
    };

    private static readonly HashSet<string> s_skipResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Set-Cookie", "Content-Length",
    };

    private static readonly System.Buffers.SearchValues<char> s_lineBreaks = System.Buffers.SearchValues.Create("\r\n\0");

    private const string CredentialRedaction = "[REDACTED:credential]";
    private static readonly System.Text.UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IHttpClientFactory _clients;
    private readonly IReadOnlySet<string> _backends;
    private readonly DlpScanner? _dlp;
    private readonly int _maxBody;
    private readonly ILogger _logger;

    public ServerHttpBroker(IHttpClientFactory clients, IReadOnlySet<string> backends, DlpScanner? dlp, int maxMessageSize, ILogger<ServerHttpBroker> logger)
    {
        _clients = clients;
        _backends = backends;
        _dlp = dlp;
        _maxBody = maxMessageSize - 64 * 1024;
        _logger = logger;
    }

    public async Task<P.HttpReply> SendAsync(P.HttpCall request, ToolCall call, GuardDecision decision, CancellationToken cancellationToken)
    {
        if (!_backends.Contains(request.Backend))
        {
            return Refusal("credentials.unknown_backend", $"backend '{request.Backend}' is not configured on the service");
        }

        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || request.Method.Length == 0)
        {
            throw new GrpcWireException(GrpcStatusCode.InvalidArgument, "ExecuteHttp needs a method and an absolute URL");
        }

        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (!request.Body.IsEmpty)
        {
            message.Content = new ByteArrayContent(request.Body.ToByteArray());
        }

        foreach (var header in request.Headers)
        {
            if (header.Name.AsSpan().IndexOfAny(s_lineBreaks) >= 0 || header.Value.AsSpan().IndexOfAny(s_lineBreaks) >= 0)
            {
                // Unchecked header values go to the wire as they are: a line break would add headers (a second
                // Authorization, Content-Length, Transfer-Encoding) that no check saw.
                return Refusal("remote.bad_header", $"header '{header.Name.ReplaceLineEndings(" ")}' contains a line break or NUL");
            }

            if (s_skipRequestHeaders.Contains(header.Name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(header.Name, header.Value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
        }

        using var scope = AgentGuardCallScope.Enter(call, decision);
        var sent = SentCredentialRecorder.Begin();
        HttpResponseMessage response;
        try
        {
            response = await _clients.CreateClient(ClientPrefix + request.Backend).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentGuardCredentialException ex)
        {
            var refused = Refusal(ex.RuleId, ex.Message);
            AddDenials(refused, scope);
            return refused;
        }
        catch (HttpRequestException ex)
        {
            Log.BackendUnreachable(_logger, request.Backend, ex.Message);
            return Refusal("backend.unreachable", $"backend '{request.Backend}' could not be reached");
        }

        using (response)
        {
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return Refusal("remote.response_too_large", $"the backend's response is larger than {_maxBody} bytes");
            }

            // Inspect what the agent will read: a compressed body is decoded here (the agent could ask for gzip and
            // decompress it itself, past the scanner), and sent on decoded.
            var encodings = response.Content.Headers.ContentEncoding.Where(static e => !e.Equals("identity", StringComparison.OrdinalIgnoreCase)).ToList();
            if (encodings.Count > 0)
            {
                try
                {
                    body = Decode(body, encodings);
                }
                catch (Exception ex) when (ex is InvalidDataException or NotSupportedException)
                {
                    return Refusal("remote.response_encoding", $"the backend's response is encoded as '{string.Join(", ", encodings)}', which the service cannot inspect");
                }

                if (body is null)
                {
                    return Refusal("remote.response_too_large", $"the backend's decoded response is larger than {_maxBody} bytes");
                }
            }

            var credentials = sent.Distinct(StringComparer.Ordinal).OrderByDescending(static c => c.Length).ToList();
            var reply = new P.HttpReply { StatusCode = (int)response.StatusCode };
            CopyHeaders(response.Headers, reply, credentials);
            CopyHeaders(response.Content.Headers, reply, credentials);
            reply.Body = ByteString.CopyFrom(Inspect(body, response.Content.Headers.ContentType, credentials, reply));
            AddDenials(reply, scope);
            return reply;
        }
    }

    private byte[]? Decode(byte[] body, List<string> encodings)
    {
        // Content-Encoding lists the codings in the order they were applied: undo them from the last.
        for (var i = encodings.Count - 1; i >= 0; i--)
        {
            var input = new MemoryStream(body);
            using Stream decoder = encodings[i].Trim().ToLowerInvariant() switch
            {
                "gzip" or "x-gzip" => new GZipStream(input, CompressionMode.Decompress),
                "deflate" => new ZLibStream(input, CompressionMode.Decompress),
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                _ => throw new NotSupportedException(encodings[i]),
            };
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int n;
            while ((n = decoder.Read(chunk)) > 0)
            {
                if (output.Length + n > _maxBody)
                {
                    return null;
                }

                output.Write(chunk, 0, n);
            }

            body = output.ToArray();
        }

        return body;
    }

    private byte[] Inspect(byte[] body, MediaTypeHeaderValue? contentType, List<string> credentials, P.HttpReply reply)
    {
        if (body.Length == 0 || (_dlp is null && credentials.Count == 0))
        {
            return body;
        }

        // Every body is inspected, whatever its declared type (a secret in application/octet-stream is still a secret):
        // in its declared charset, else as UTF-8 when it is valid UTF-8, else byte for byte (Latin-1), so that re-encoding
        // a redacted body changes only the redacted spans.
        var encoding = TextEncoding(body, contentType);
        var text = encoding.GetString(body);
        var inspected = Inspect(text, credentials, reply);
        return ReferenceEquals(inspected, text) ? body : encoding.GetBytes(inspected);
    }

    private string Inspect(string text, List<string> credentials, P.HttpReply reply)
    {
        var original = text;
        foreach (var credential in credentials)
        {
            if (text.Contains(credential, StringComparison.Ordinal))
            {
                text = text.Replace(credential, CredentialRedaction, StringComparison.Ordinal);
                AddDenial(reply, "remote.credential_echo_redacted", "the backend's response repeated the credential the service sent; it was redacted");
            }
        }

        if (_dlp is not null)
        {
            var secrets = _dlp.Scan(text).Where(static d => d.Kind == DlpKind.Secret).ToList();
            if (secrets.Count > 0)
            {
                Log.SecretsRedacted(_logger, secrets.Count);
                AddDenial(reply, "dlp.response_secret_redacted", "secret(s) in the backend's response were redacted");
                text = _dlp.Redact(text, secrets);
            }
        }

        return string.Equals(text, original, StringComparison.Ordinal) ? original : text;
    }

    private static void AddDenial(P.HttpReply reply, string rule, string reason)
    {
        if (!reply.Denials.Any(d => d.RuleId == rule))
        {
            reply.Denials.Add(new P.Denial { Backend = string.Empty, RuleId = rule, Reason = reason });
        }
    }

    private static System.Text.Encoding TextEncoding(byte[] body, MediaTypeHeaderValue? contentType)
    {
        if (contentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                return System.Text.Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: fall through to the byte-preserving readings.
            }
        }

        try
        {
            s_strictUtf8.GetCharCount(body);
            return s_strictUtf8;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return System.Text.Encoding.Latin1;
        }
    }

    private async Task<byte[]?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > _maxBody)
        {
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int n;
            while ((n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > _maxBody)
                {
                    return null;
                }

                buffer.Write(chunk, 0, n);
            }

            return buffer.ToArray();
        }
    }

    private void CopyHeaders(HttpHeaders headers, P.HttpReply reply, List<string> credentials)
    {
        foreach (var header in headers)
        {
            // Content-Encoding: the body is sent on decoded.
            if (s_skipResponseHeaders.Contains(header.Key) || header.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                reply.Headers.Add(new P.Header { Name = header.Key, Value = Inspect(value, credentials, reply) });
            }
        }
    }

    private static void AddDenials(P.HttpReply reply, AgentGuardCallScope scope)
    {
        foreach (var d in scope.Denials)
        {
            reply.Denials.Add(new P.Denial { Backend = d.Backend, RuleId = d.RuleId, Reason = d.Reason, StatusCode = d.StatusCode ?? 0, Resource = d.Resource ?? string.Empty });
        }
    }

    private static P.HttpReply Refusal(string rule, string reason) => new() { RefusalRuleId = rule, RefusalReason = reason };

    private static partial class Log
    {
        [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "Credential broker could not reach backend {Backend}: {Error}")]
        public static partial void BackendUnreachable(ILogger logger, string backend, string error);

        [LoggerMessage(EventId = 7302, Level = LogLevel.Warning, Message = "Credential broker redacted {Count} secret(s) in a backend response")]
        public static partial void SecretsRedacted(ILogger logger, int count);
    }
}
