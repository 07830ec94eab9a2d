using AgentGuard.Testing;
using static AgentGuard.Core.Tests.Audit.AuditTestData;

namespace AgentGuard.Core.Tests.Audit;

public sealed class FileAuditSinkTests
{
    private static string Hash(string line) => AuditTestData.Json(line).GetProperty("hash").GetString()!;

    private static string Prop(string line, string name) => AuditTestData.Json(line).GetProperty(name).ToString();

    private static async Task<string[]> RotatedChainAsync(int records = 60)
    {
        var dir = await WriteChainAsync(TempDirectory(), records, o => o.MaxFileBytes = 4096);
        var files = Files(dir);
        Assert.True(files.Length >= 3, $"expected rotation, got {files.Length} file(s)");
        return files;
    }

    [Fact]
    public async Task Rotation_EachFileAnchoredToTheLastHashOfThePrevious()
    {
        var files = await RotatedChainAsync();
        for (var k = 1; k < files.Length; k++)
        {
            var previous = Lines(files[k - 1]);
            var anchor = Lines(files[k])[0];
            Assert.Equal("seal", Prop(previous[^1], "kind"));
            Assert.Equal("rotate", Prop(previous[^1], "reason"));
            Assert.Equal("anchor", Prop(anchor, "kind"));
            Assert.Equal("rotate", Prop(anchor, "reason"));
            Assert.Equal(Hash(previous[^1]), Prop(anchor, "prev"));
            Assert.Equal(Path.GetFileName(files[k - 1]), Prop(anchor, "prev_file"));
            Assert.Equal(Seq(previous[^1]) + 1, Seq(anchor));
            Assert.EndsWith($"-{Seq(anchor):D12}.jsonl", files[k], StringComparison.Ordinal);
        }

        var result = AuditChainVerifier.Verify(files.Reverse(), requireSeal: true);
        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(files, result.Files);
        Assert.Equal(60 + (2 * files.Length), result.RecordCount);
    }

    [Fact]
    public async Task Verify_Directory_IgnoresFilesNotNamedLikeAuditFiles()
    {
        var files = await RotatedChainAsync();
        var dir = Path.GetDirectoryName(files[0])!;
        File.WriteAllText(Path.Combine(dir, "trace.jsonl"), "{\"session\":\"s1\"}\n");
        var result = AuditChainVerifier.Verify([dir], requireSeal: true);
        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(files, result.Files);
        Assert.False(AuditChainVerifier.Verify([.. files, Path.Combine(dir, "trace.jsonl")]).IsValid);
    }

    [Fact]
    public async Task Rotation_RecordsCutFromTheEndOfAnOlderFile_TruncatedAtTheFirstMissing()
    {
        var files = await RotatedChainAsync();
        var lines = Lines(files[0]);
        var firstCut = Seq(lines[^2]);
        WriteLines(files[0], lines.Take(lines.Count - 2));

        var result = AuditChainVerifier.Verify(files);
        Assert.False(result.IsValid);
        Assert.Equal(AuditChainIssueKind.Truncated, result.Error!.Kind);
        Assert.Equal(files[0], result.Error.File);
        Assert.Equal(firstCut, result.Error.Sequence);
        Assert.Equal(lines.Count - 1, result.Error.Line);
    }

    [Fact]
    public async Task Rotation_MiddleFileRemoved_MissingNamesIt()
    {
        var files = await RotatedChainAsync();
        var result = AuditChainVerifier.Verify(files.Where((_, i) => i != 1));
        Assert.False(result.IsValid);
        Assert.Equal(AuditChainIssueKind.Missing, result.Error!.Kind);
        Assert.Equal(files[2], result.Error.File);
        Assert.Contains(Path.GetFileName(files[1]), result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(Seq(Lines(files[1])[0]), result.Error.Sequence);
    }

    [Fact]
    public async Task Rotation_OldestFilesRemovedByRetention_VerifiesWithWarning()
    {
        var files = await RotatedChainAsync();
        var result = AuditChainVerifier.Verify(files.Skip(1));
        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.False(result.StartsAtGenesis);
        Assert.Contains(result.Warnings, static w => w.Kind == AuditChainIssueKind.Missing);
    }

    [Fact]
    public async Task Rotation_AnchorReforgedToAnotherPredecessor_Modified()
    {
        var files = await RotatedChainAsync();
        var lines = Lines(files[1]);
        var body = lines[0][..^AuditChain.HashSuffixLength].Replace(Prop(lines[0], "prev"), new string('a', 64), StringComparison.Ordinal) + "}";
        lines[0] = body[..^1] + ",\"hash\":\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body))) + "\"}";
        WriteLines(files[1], lines);
        var result = AuditChainVerifier.Verify(files);
        Assert.Equal(AuditChainIssueKind.Modified, result.Error!.Kind);
        Assert.Equal(files[1], result.Error.File);
        Assert.Equal(1, result.Error.Line);
    }

    [Fact]
    public async Task Rotation_ByAge_StartsANewFile()
    {
        var clock = new ManualTimeProvider();
        var dir = TempDirectory();
        await using (var sink = new FileAuditSink(new FileAuditOptions { Directory = dir, RotateInterval = TimeSpan.FromHours(1) }, clock))
        {
            await sink.WriteAsync([Record(0), Record(1)], TestContext.Current.CancellationToken);
            clock.Advance(TimeSpan.FromMinutes(59));
            await sink.WriteAsync([Record(2)], TestContext.Current.CancellationToken);
            Assert.Single(Files(dir));
            clock.Advance(TimeSpan.FromMinutes(2));
            await sink.WriteAsync([Record(3)], TestContext.Current.CancellationToken);
        }

        Assert.Equal(2, Files(dir).Length);
        Assert.True(AuditChainVerifier.Verify([dir], requireSeal: true).IsValid);
    }

    [Fact]
    public async Task Restart_NewFileAnchoredToTheSealOfThePrevious()
    {
        var dir = await WriteChainAsync(TempDirectory(), 10);
        var first = Lines(Assert.Single(Files(dir)));
        await WriteChainAsync(dir, 5);

        var files = Files(dir);
        Assert.Equal(2, files.Length);
        var anchor = Lines(files[1])[0];
        Assert.Equal("restart", Prop(anchor, "reason"));
        Assert.Equal(Hash(first[^1]), Prop(anchor, "prev"));
        var result = AuditChainVerifier.Verify([dir], requireSeal: true);
        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task Recover_AfterCrashWithTornLine_ContinuesFromTheLastCompleteRecord()
    {
        var crashed = await WriteChainAsync(TempDirectory(), 12, seal: false);
        var file = Assert.Single(Files(crashed));
        var lastComplete = Lines(file)[^1];
        File.AppendAllText(file, lastComplete[..(lastComplete.Length / 3)]);

        await WriteChainAsync(crashed, 3);
        var files = Files(crashed);
        Assert.Equal(2, files.Length);
        var anchor = Lines(files[1])[0];
        Assert.Equal("recover", Prop(anchor, "reason"));
        Assert.Equal(Hash(lastComplete), Prop(anchor, "prev"));
        Assert.Equal(Seq(lastComplete) + 1, Seq(anchor));

        var result = AuditChainVerifier.Verify([crashed], requireSeal: true);
        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Contains(result.Warnings, w => w.Kind == AuditChainIssueKind.Incomplete && w.File == files[0]);
        Assert.Contains(result.Warnings, w => w.Kind == AuditChainIssueKind.Unsealed && w.File == files[0]);
    }

    [Fact]
    public async Task SecondWriter_SameDirectory_Refused()
    {
        var dir = TempDirectory();
        await using var first = new FileAuditSink(new FileAuditOptions { Directory = dir });
        await first.WriteAsync([Record()], TestContext.Current.CancellationToken);
        await using var second = new FileAuditSink(new FileAuditOptions { Directory = dir });
        await Assert.ThrowsAsync<IOException>(async () => await second.WriteAsync([Record(1)], TestContext.Current.CancellationToken));
        await first.WriteAsync([Record(2)], TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DroppedNotice_IsAChainedRecordWithTheCount()
    {
        var dir = TempDirectory();
        await using (var sink = new FileAuditSink(new FileAuditOptions { Directory = dir }))
        {
            await sink.WriteAsync([Record(0), new AuditRecord { Kind = AuditRecordKind.Dropped, Timestamp = Start, DroppedCount = 17 }], TestContext.Current.CancellationToken);
        }

        var lines = Lines(Assert.Single(Files(dir)));
        Assert.Equal("dropped", Prop(lines[2], "kind"));
        Assert.Equal("17", Prop(lines[2], "count"));
        Assert.True(AuditChainVerifier.Verify([dir], requireSeal: true).IsValid);
    }

    [Fact]
    public void Options_Invalid_ListsEveryError()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FileAuditSink(new FileAuditOptions { Directory = "", FilePrefix = "../x", MaxFileBytes = 10 }));
        Assert.Contains("Directory", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FilePrefix", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxFileBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposedSink_RefusesWrites()
    {
        var sink = new FileAuditSink(new FileAuditOptions { Directory = TempDirectory() });
        await sink.DisposeAsync();
        await sink.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await sink.WriteAsync([Record()], TestContext.Current.CancellationToken));
    }
}
