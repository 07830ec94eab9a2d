using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AgentGuard.Protocol.V1;

namespace AgentGuard.Server.Tests;

/// <summary>Attacks on the service's door and on the client's failure handling: identity edge cases, operator-only
/// methods, wire abuse, and paths where a deadline or an error might turn into an allowed call.</summary>
[Collection(ServerGroup.Name)]
public sealed class RemoteAttackTests(ServerFixture fixture)
{
    private ServerProcess Server => fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuthorizeRequest Request(string tool = "tickets.get") =>
        new() { Call = new Protocol.V1.ToolCall { ToolName = tool, SessionId = "attack-" + Guid.NewGuid().ToString("N"), UserId = "alice" } };

    [Fact]
    public async Task Authorize_FailOpenToolWaitingForApprovalPastDeadline_NotAllowed()
    {
        // email.send needs a human's approval. Listing it as fail-open is meant for an unreachable service, not for a
        // service that is holding the call until an operator answers: the deadline passing must not skip the approval.
        using var ops = Server.Client(Server.OperatorKey);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var unused in ops.WatchEventsAsync(watching.Token))
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, Ct);

        using var agent = Server.Client(Server.AgentKey, configure: o =>
        {
            o.FailOpenTools.Add("email.send");
            o.Deadline = TimeSpan.FromMilliseconds(500);
            o.MaxRetries = 0;
        });
        GuardDecision decision;
        var attempts = 0;
        do
        {
            // Until the watcher is subscribed the service refuses at once (nobody could approve): try again.
            decision = await agent.AuthorizeAsync(new AgentGuard.ToolCall
            {
                ToolName = "email.send",
                Arguments = JsonDocument.Parse("""{"to":"ops@contoso.example"}""").RootElement.Clone(),
                SessionId = "failopen-" + Guid.NewGuid().ToString("N"),
                UserId = "alice",
            }, Ct);
        }
        while (decision.RuleIds.Contains("approval.rejected") && ++attempts < 100 && await Delay());

        await watching.CancelAsync();
        await watcher;
        Assert.DoesNotContain("approval.rejected", decision.RuleIds);
        Assert.False(decision.IsAllowed, decision.ToString());
        Assert.DoesNotContain(RemoteRuleIds.FailOpen, decision.RuleIds);
    }

    [Fact]
    public async Task Authorize_FailOpenToolWithOversizeArguments_Denied()
    {
        // A prompt-injected model cannot make the client fail open by sending what the service would refuse.
        using var guard = Server.Client(Server.AgentKey, configure: o => o.FailOpenTools.Add("tickets.get"));
        var big = "{\"blob\":\"" + new string('x', 5 * 1024 * 1024) + "\"}";
        var decision = await guard.AuthorizeAsync(new AgentGuard.ToolCall { ToolName = "tickets.get", SessionId = "big-open", UserId = "alice", Arguments = JsonDocument.Parse(big).RootElement.Clone() }, Ct);
        Assert.False(decision.IsAllowed);
        Assert.DoesNotContain(RemoteRuleIds.FailOpen, decision.RuleIds);
    }

    [Fact]
    public async Task Caller_WithoutValidKeyAndBodyNeverSent_RefusedWithoutWaitingForTheBody()
    {
        // An outsider declares a large message and never sends it: the service must not hold (and buffer for) the stream
        // of a caller that has no key.
        var pipe = new Pipe();
        var prefix = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), 3 * 1024 * 1024);
        await pipe.Writer.WriteAsync(prefix, Ct);
        using var http = RawGrpc.CreateHttpClient(Server.SocketPath);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost/agentguard.v1.Enforcement/Authorize")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StreamContent(pipe.Reader.AsStream()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + InsideKeys.Create().Key);

        // A bound for a hung service, not a speed assertion: the answer needs no body at all.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(20));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token);
        var body = await response.Content.ReadAsByteArrayAsync(bound.Token);
        Assert.Empty(body);
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First() : response.Headers.TryGetValues("grpc-status", out var h) ? h.First() : null;
        Assert.Equal(((int)GrpcStatusCode.Unauthenticated).ToString(System.Globalization.CultureInfo.InvariantCulture), status);
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task Authorize_KeyHolderStallsMidMessage_ServiceEndsTheStream()
    {
        // A compromised agent starts a message and stops sending (no deadline): without a minimum data rate each such
        // stream is held forever, and connections are not limited.
        var pipe = new Pipe();
        var prefix = new byte[15];
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), 100);
        await pipe.Writer.WriteAsync(prefix, Ct);
        using var http = RawGrpc.CreateHttpClient(Server.SocketPath);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost/agentguard.v1.Enforcement/Authorize")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StreamContent(pipe.Reader.AsStream()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + Server.AgentKey);

        // A bound for a service that never lets go, not a speed assertion.
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        bound.CancelAfter(TimeSpan.FromSeconds(45));
        var ended = await Record.ExceptionAsync(async () =>
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token);
            await response.Content.ReadAsByteArrayAsync(bound.Token);
            Assert.NotEqual("0", response.TrailingHeaders.TryGetValues("grpc-status", out var s) ? s.First() : null);
        });
        await pipe.Writer.CompleteAsync();
        Assert.False(bound.IsCancellationRequested, "the service held the stalled stream");

        // The service reset the stream (the client sees its upload cancelled) or answered with an error status.
        Assert.False(ended is Xunit.Sdk.XunitException, ended?.Message);
    }

    [Fact]
    public async Task Authorize_LongestValidGrpcTimeout_Served()
    {
        // 8 digits of hours is a valid grpc-timeout (a client with no practical deadline); it must not break the call.
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request()), Server.AgentKey,
            configure: r => r.Headers.TryAddWithoutValidation("grpc-timeout", "99999999H"), cancellationToken: Ct);
        Assert.Equal(GrpcStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task Reject_AgentKey_PermissionDenied()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Reject", RawGrpc.Frame(new ApprovalAnswer { ApprovalId = "apr_x" }), Server.AgentKey, cancellationToken: Ct);
        Assert.Equal(GrpcStatusCode.PermissionDenied, reply.Status);
    }

    [Fact]
    public async Task Resume_AgentKeyForWholeAgent_PermissionDenied()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Resume", RawGrpc.Frame(new ResumeRequest { Scope = HaltScope.Agent, Id = "triage-1" }), Server.AgentKey, cancellationToken: Ct);
        Assert.Equal(GrpcStatusCode.PermissionDenied, reply.Status);
    }

    [Fact]
    public async Task Authorize_OperatorKey_PermissionDeniedOperatorIsNoAgent()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request()), Server.OperatorKey, cancellationToken: Ct);
        Assert.Equal(GrpcStatusCode.PermissionDenied, reply.Status);
    }

    [Theory]
    [InlineData("upper-id")]
    [InlineData("trailing-char")]
    [InlineData("truncated")]
    [InlineData("unicode-secret")]
    [InlineData("no-scheme")]
    [InlineData("basic-scheme")]
    [InlineData("second-header")]
    public async Task Authorize_KeyFormatVariants_Unauthenticated(string variant)
    {
        var key = Server.AgentKey;
        Assert.True(InsideKeys.TryParse(key, out var id, out var secret));
        string? header = variant switch
        {
            "upper-id" => "Bearer agk_" + id.ToUpperInvariant() + "_" + secret,
            "trailing-char" => "Bearer " + key + "x",
            "truncated" => "Bearer " + key[..^1],
            "unicode-secret" => "Bearer agk_" + id + "_" + secret[..^1] + "\u00e9",
            "no-scheme" => key,
            "basic-scheme" => "Basic " + key,
            "second-header" => "Bearer " + InsideKeys.Create().Key,
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request()), key: null, configure: r =>
        {
            r.Headers.TryAddWithoutValidation("authorization", header);
            if (variant == "second-header")
            {
                // The right key second: only the first authorization header counts.
                r.Headers.TryAddWithoutValidation("authorization", "Bearer " + key);
            }
        }, cancellationToken: Ct);
        Assert.Equal(GrpcStatusCode.Unauthenticated, reply.Status);
    }

    [Fact]
    public async Task Authorize_LowercaseSchemeAndPadding_SameAgent()
    {
        // The control for the variants above: the scheme is case-insensitive and surrounding spaces are trimmed.
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request()), key: null,
            configure: r => r.Headers.TryAddWithoutValidation("authorization", "bearer  " + Server.AgentKey + " "), cancellationToken: Ct);
        Assert.Equal(GrpcStatusCode.OK, reply.Status);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100, Ct);
        return true;
    }
}
