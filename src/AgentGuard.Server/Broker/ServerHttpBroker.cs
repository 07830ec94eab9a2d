using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using P = AgentGuard.Protocol.V1;

namespace AgentGuard;

/// <summary>The service side of the credential broker: sends an agent's backend request of an allowed call through the
/// same <see cref="AgentGuardCredentialHandler"/> as in process (caller credentials stripped, hosts and redirects checked,
/// the outside key added for that one send), inspects the response and returns it.</summary>
/// <remarks>Response inspection: <c>Set-Cookie</c> is dropped (a backend session is a credential too), and secrets found
/// by the DLP scanner in a textual body are redacted before the agent sees them. Thread-safe.</remarks>
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

            var reply = new P.HttpReply { StatusCode = (int)response.StatusCode };
            CopyHeaders(response.Headers, reply);
            CopyHeaders(response.Content.Headers, reply);
            reply.Body = ByteString.CopyFrom(Inspect(body, response.Content.Headers.ContentType, reply));
            AddDenials(reply, scope);
            return reply;
        }
    }

    private byte[] Inspect(byte[] body, MediaTypeHeaderValue? contentType, P.HttpReply reply)
    {
        if (_dlp is null || body.Length == 0 || !IsText(contentType))
        {
            return body;
        }

        var text = System.Text.Encoding.UTF8.GetString(body);
        var secrets = _dlp.Scan(text).Where(static d => d.Kind == DlpKind.Secret).ToList();
        if (secrets.Count == 0)
        {
            return body;
        }

        Log.SecretsRedacted(_logger, secrets.Count);
        reply.Denials.Add(new P.Denial { Backend = string.Empty, RuleId = "dlp.response_secret_redacted", Reason = $"{secrets.Count} secret(s) in the backend's response were redacted" });
        return System.Text.Encoding.UTF8.GetBytes(_dlp.Redact(text, secrets));
    }

    private static bool IsText(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is { } media && (media.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || media.Contains("json", StringComparison.OrdinalIgnoreCase) || media.Contains("xml", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));

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

    private static void CopyHeaders(HttpHeaders headers, P.HttpReply reply)
    {
        foreach (var header in headers)
        {
            if (s_skipResponseHeaders.Contains(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                reply.Headers.Add(new P.Header { Name = header.Key, Value = value });
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
