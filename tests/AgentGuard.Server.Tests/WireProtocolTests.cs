using Google.Protobuf;
using System.Net;
using AgentGuard.Protocol.V1;

namespace AgentGuard.Server.Tests;

[Collection(ServerGroup.Name)]
public sealed class WireProtocolTests(ServerFixture fixture)
{
    private ServerProcess Server => fixture.Server;

    private static AuthorizeRequest Request(string tool = "tickets.get") =>
        new() { Call = new Protocol.V1.ToolCall { ToolName = tool, SessionId = "wire-" + Guid.NewGuid().ToString("N"), UserId = "alice" } };

    [Fact]
    public async Task Authorize_WellFormedFrame_OkWithOneMessageAndTrailers()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request()), Server.AgentKey, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, reply.HttpStatus);
        Assert.Equal("application/grpc", reply.ContentType);
        Assert.Equal(GrpcStatusCode.OK, reply.Status);
        Assert.Equal(reply.Body.Length - 5, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(reply.Body.AsSpan(1)));
        var decision = Decision.Parser.ParseFrom(reply.Body.AsSpan(5).ToArray());
        Assert.Equal(Verdict.Allow, decision.EnforcedAction);
    }

    [Fact]
    public async Task UnknownMethod_Unimplemented()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "ExportEverything", RawGrpc.Frame(Request()), Server.AgentKey, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.Unimplemented, reply.Status);
    }

    [Fact]
    public async Task BadInsideKey_Unauthenticated()
    {
        var (forged, _) = InsideKeys.Create();
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request()), forged, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.Unauthenticated, reply.Status);
        Assert.Empty(reply.Body);
    }

    [Fact]
    public async Task AgentKeyWithChangedSecret_Unauthenticated()
    {
        // Same key id, one character of the secret changed: the id selects the entry, the hash comparison refuses it.
        var key = Server.AgentKey;
        var tampered = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request()), tampered, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.Unauthenticated, reply.Status);
    }

    [Fact]
    public async Task MissingKey_Unauthenticated()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request()), key: null, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.Unauthenticated, reply.Status);
    }

    [Fact]
    public async Task TruncatedPrefix_Internal()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", [0, 0, 0], Server.AgentKey, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.Internal, reply.Status);
    }

    [Fact]
    public async Task DeclaredLengthLongerThanBody_Internal()
    {
        var payload = Request().ToByteArray();
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(payload, declaredLength: (uint)payload.Length + 100), Server.AgentKey, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.Internal, reply.Status);
    }

    [Fact]
    public async Task CompressedFlagWithoutEncoding_Unimplemented()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request().ToByteArray(), flag: 1), Server.AgentKey, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.Unimplemented, reply.Status);
    }

    [Fact]
    public async Task GarbagePayload_InvalidArgument()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]), Server.AgentKey, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.InvalidArgument, reply.Status);
    }

    [Fact]
    public async Task TwoMessagesInUnaryRequest_Internal()
    {
        var frame = RawGrpc.Frame(Request());
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", [.. frame, .. frame], Server.AgentKey, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.Internal, reply.Status);
    }

    [Fact]
    public async Task OversizeDeclaredLength_ResourceExhaustedWithoutReadingIt()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame([1, 2, 3], declaredLength: 64 * 1024 * 1024), Server.AgentKey, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.ResourceExhausted, reply.Status);
    }

    [Fact]
    public async Task OversizeMessage_ThroughClient_Refused()
    {
        using var guard = Server.Client(Server.AgentKey);
        var big = "{\"blob\":\"" + new string('x', 5 * 1024 * 1024) + "\"}";
        var decision = await guard.AuthorizeAsync(new AgentGuard.ToolCall { ToolName = "tickets.get", SessionId = "big", Arguments = System.Text.Json.JsonDocument.Parse(big).RootElement.Clone() }, TestContext.Current.CancellationToken);
        Assert.False(decision.IsAllowed);
        Assert.Contains("ResourceExhausted", decision.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArgumentsNotJson_InvalidArgument()
    {
        var request = Request();
        request.Call.ArgumentsJson = "{not json";
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(request), Server.AgentKey, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.InvalidArgument, reply.Status);
    }

    [Fact]
    public async Task WrongContentType_415()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request()), Server.AgentKey, contentType: "application/json", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.HttpStatus);
    }

    [Fact]
    public async Task MalformedTimeout_Internal()
    {
        var reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(Request()), Server.AgentKey,
            configure: r => r.Headers.TryAddWithoutValidation("grpc-timeout", "soon"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(GrpcStatusCode.Internal, reply.Status);
    }

    [Fact]
    public async Task DeadlinePassesWhileWaitingForApproval_DeadlineExceeded()
    {
        // email.send needs approval (senior persona, high risk); an operator watches but never answers.
        using var ops = Server.Client(Server.OperatorKey);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var subscribed = new TaskCompletionSource();
        var watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in ops.WatchEventsAsync(watching.Token))
                {
                    if (e.Kind == EventKind.ApprovalRequired)
                    {
                        subscribed.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, TestContext.Current.CancellationToken);

        RawGrpc.RawReply reply;
        var attempts = 0;
        do
        {
            var request = Request("email.send");
            request.Call.ArgumentsJson = """{"to":"ops@contoso.example"}""";
            reply = await RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(request), Server.AgentKey,
                configure: r => r.Headers.TryAddWithoutValidation("grpc-timeout", "300m"), cancellationToken: TestContext.Current.CancellationToken);
        }
        while (reply.Status == GrpcStatusCode.OK && ++attempts < 100 && await Delay());

        await watching.CancelAsync();
        await watcher;
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, reply.Status);
        Assert.True(subscribed.Task.IsCompleted);
    }

    [Fact]
    public async Task CancelledCall_ClientSeesCancellationServiceKeepsServing()
    {
        using var guard = Server.Client(Server.AgentKey);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await guard.AuthorizeAsync(new AgentGuard.ToolCall { ToolName = "tickets.get", SessionId = "c", UserId = "alice" }, cancelled.Token));

        // A call cancelled while the service holds it (waiting for approval nobody gives) ends without harming the service.
        using var midway = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var request = Request("email.send");
        request.Call.ArgumentsJson = """{"to":"ops@contoso.example"}""";
        using var ops = Server.Client(Server.OperatorKey);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
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
        }, TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<Exception>(() => RawGrpc.SendAsync(Server.SocketPath, "Authorize", RawGrpc.Frame(request), Server.AgentKey, cancellationToken: midway.Token));
        await watching.CancelAsync();
        await watcher;

        var after = await guard.AuthorizeAsync(new AgentGuard.ToolCall { ToolName = "tickets.get", SessionId = "after-cancel", UserId = "alice" }, TestContext.Current.CancellationToken);
        Assert.True(after.IsAllowed, after.ToString());
        Assert.False(Server.HasExited);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100, TestContext.Current.CancellationToken);
        return true;
    }
}
