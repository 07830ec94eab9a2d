using AgentGuard.Protocol.V1;

namespace AgentGuard.Server.Tests;

/// <summary>The pieces of the gRPC wire layer that need no server: timeouts, status messages, addresses, frames.</summary>
public sealed class GrpcWireFormatTests
{
    [Theory]
    [InlineData("100m", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("5S", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("2M", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("1H", TimeSpan.TicksPerHour)]
    [InlineData("250u", 2500)]
    [InlineData("99999999n", 999999)]
    public void Timeout_Valid_Parsed(string text, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(text, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("-5m")]
    [InlineData("123456789m")]
    [InlineData("1.5S")]
    public void Timeout_Malformed_Refused(string text) => Assert.False(GrpcTimeout.TryParse(text, out _));

    [Fact]
    public void Timeout_Format_RoundTripsAndNeverShortens()
    {
        foreach (var t in new[] { TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(1.5), TimeSpan.FromSeconds(10), TimeSpan.FromHours(30), TimeSpan.FromDays(5000) })
        {
            Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(t), out var parsed));
            Assert.True(parsed >= t || parsed == TimeSpan.FromSeconds(99_999_999), $"{t} became {parsed}");
        }
    }

    [Fact]
    public void StatusMessage_NonAsciiAndPercent_EncodedAndDecoded()
    {
        const string text = "100% refusé: \"ledger\"\n";
        var encoded = GrpcMessageText.Encode(text);
        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
        Assert.DoesNotContain("% ", encoded, StringComparison.Ordinal);
        Assert.Equal(text, GrpcMessageText.Decode(encoded));
    }

    [Theory]
    [InlineData("unix:/run/agentguard/agentguard.sock", "/run/agentguard/agentguard.sock", "http://localhost/")]
    [InlineData("unix:///tmp/a.sock", "/tmp/a.sock", "http://localhost/")]
    [InlineData("http://127.0.0.1:5077", null, "http://127.0.0.1:5077/")]
    [InlineData("https://guard.contoso.example:5078/ignored", null, "https://guard.contoso.example:5078/")]
    public void Address_Parsed(string text, string? socket, string baseAddress)
    {
        var address = RemoteAddress.Parse(text);
        Assert.Equal(socket, address.SocketPath);
        Assert.Equal(baseAddress, address.BaseAddress.ToString());
    }

    [Theory]
    [InlineData("unix:")]
    [InlineData("ftp://host")]
    [InlineData("localhost:5077")]
    public void Address_Invalid_Refused(string text) => Assert.Throws<ArgumentException>(() => RemoteAddress.Parse(text));

    [Fact]
    public async Task Frame_WrittenThenRead_SameMessage()
    {
        var message = new Decision { Verdict = Verdict.Deny, RuleIds = { "scope.not_in_persona" }, Reasons = { "no" } };
        using var stream = new MemoryStream();
        await GrpcFrame.WriteAsync(stream, message, 1024, TestContext.Current.CancellationToken);
        Assert.Equal(5 + message.CalculateSize(), stream.Length);
        stream.Position = 0;
        var read = await GrpcFrame.ReadAsync(stream, Decision.Parser, 1024, TestContext.Current.CancellationToken);
        Assert.Equal(message, read);
        Assert.Null(await GrpcFrame.ReadAsync(stream, Decision.Parser, 1024, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Frame_LargerThanLimit_RefusedOnWriteAndRead()
    {
        var message = new Decision { Reasons = { new string('x', 2000) } };
        using var stream = new MemoryStream();
        var write = await Assert.ThrowsAsync<GrpcWireException>(async () => await GrpcFrame.WriteAsync(stream, message, 1000, TestContext.Current.CancellationToken));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, write.Status);

        await GrpcFrame.WriteAsync(stream, message, 4000, TestContext.Current.CancellationToken);
        stream.Position = 0;
        var read = await Assert.ThrowsAsync<GrpcWireException>(async () => await GrpcFrame.ReadAsync(stream, Decision.Parser, 1000, TestContext.Current.CancellationToken));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, read.Status);
    }
}
