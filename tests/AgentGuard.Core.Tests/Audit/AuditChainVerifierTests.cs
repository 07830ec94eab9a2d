using System.Security.Cryptography;
using System.Text;
using static AgentGuard.Core.Tests.Audit.AuditTestData;

namespace AgentGuard.Core.Tests.Audit;

/// <summary>Tampering with a sealed chain of one file: line n holds record n (1 anchor, 2-21 decisions, 22 seal).</summary>
public sealed class AuditChainVerifierTests
{
    private static async Task<string> ChainAsync(int decisions = 20, bool seal = true)
    {
        var dir = await WriteChainAsync(TempDirectory(), decisions, seal: seal);
        return Assert.Single(Files(dir));
    }

    private static AuditChainIssue Broken(string path, bool requireSeal = false)
    {
        var result = AuditChainVerifier.Verify([path], requireSeal);
        Assert.False(result.IsValid, "tampering went unnoticed");
        return result.Error!;
    }

    /// <summary>Re-computes a line's hash after an edit, as a forger who knows the format would.</summary>
    private static string Rehash(string line)
    {
        var body = line[..^AuditChain.HashSuffixLength] + "}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        return line[..^AuditChain.HashSuffixLength] + ",\"hash\":\"" + hash + "\"}";
    }

    private static string HashOf(string line) => AuditTestData.Json(line).GetProperty("hash").GetString()!;

    [Fact]
    public async Task Verify_IntactSealedChain_ValidFromGenesisToSeal()
    {
        var path = await ChainAsync();
        var result = AuditChainVerifier.Verify([path], requireSeal: true);
        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(22, result.RecordCount);
        Assert.Equal(1, result.FirstSequence);
        Assert.Equal(22, result.LastSequence);
        Assert.True(result.IsSealed);
        Assert.True(result.StartsAtGenesis);
        Assert.Empty(result.Warnings);
        Assert.Equal(HashOf(Lines(path)[^1]), result.LastHash);
    }

    [Fact]
    public async Task Verify_EditedRecord_ModifiedAtThatRecord()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        lines[9] = lines[9].Replace("\"verdict\":\"allow\"", "\"verdict\":\"deny\"", StringComparison.Ordinal);
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Modified, error.Kind);
        Assert.Equal(10, error.Line);
        Assert.Equal(10, error.Sequence);
    }

    [Fact]
    public async Task Verify_EditedAndRehashedRecord_ModifiedAtThatRecord()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        lines[9] = Rehash(lines[9].Replace("\"user\":\"alice\"", "\"user\":\"mallory\"", StringComparison.Ordinal));
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Modified, error.Kind);
        Assert.Equal(10, error.Line);
        Assert.Equal(10, error.Sequence);
    }

    [Fact]
    public async Task Verify_EditedLastDecisionAndRehashedSeal_StillCaught()
    {
        // The forger re-hashes the edited record and every record after it, but cannot make the next one link without
        // changing its prev; with the whole tail rewritten, only an external copy of the head can tell (LastHash).
        var path = await ChainAsync();
        var lines = Lines(path);
        lines[20] = Rehash(lines[20].Replace("\"session\":\"s1\"", "\"session\":\"s9\"", StringComparison.Ordinal));
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Modified, error.Kind);
        Assert.Equal(21, error.Line);
    }

    [Fact]
    public async Task Verify_DeletedRecord_MissingAtThatSequence()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        lines.RemoveAt(9);
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Missing, error.Kind);
        Assert.Equal(10, error.Sequence);
        Assert.Equal(10, error.Line);
        Assert.Contains("record 10 is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DeletedRange_MissingNamesTheRange()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        lines.RemoveRange(9, 3);
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Missing, error.Kind);
        Assert.Equal(10, error.Sequence);
        Assert.Contains("records 10-12 are missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DeletedAnchor_Missing()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        lines.RemoveAt(0);
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Missing, error.Kind);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public async Task Verify_RepeatedRecord_InsertedAtTheCopy()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        lines.Insert(10, lines[9]);
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Inserted, error.Kind);
        Assert.Equal(11, error.Line);
        Assert.Contains("repeats record 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_InsertedGarbageLine_InsertedAtThatLine()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        lines.Insert(9, """{"seq":10,"kind":"decision","tool":"crm.export_all"}""");
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Inserted, error.Kind);
        Assert.Equal(10, error.Line);
    }

    [Fact]
    public async Task Verify_InsertedForgedRecordThatLinks_InsertedAtTheForgery()
    {
        // A forged record 10 that correctly names record 9's hash and carries a correct hash of its own.
        var path = await ChainAsync();
        var lines = Lines(path);
        var forged = Rehash(lines[9]
            .Replace("\"verdict\":\"allow\"", "\"verdict\":\"deny\"", StringComparison.Ordinal)
            .Replace("\"call_id\":\"call-8\"", "\"call_id\":\"forged\"", StringComparison.Ordinal));
        Assert.Equal(AuditTestData.Json(lines[9]).GetProperty("prev").GetString(), AuditTestData.Json(forged).GetProperty("prev").GetString());
        lines.Insert(9, forged);
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Inserted, error.Kind);
        Assert.Equal(10, error.Line);
    }

    [Fact]
    public async Task Verify_InsertedForgedRecordWithFreshSequence_Inserted()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        lines.Insert(15, Rehash(lines[14].Replace("\"seq\":15,", "\"seq\":99,", StringComparison.Ordinal)));
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Inserted, error.Kind);
        Assert.Equal(16, error.Line);
    }

    [Fact]
    public async Task Verify_SwappedRecords_ReorderedAtTheFirstOutOfPlace()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        (lines[9], lines[10]) = (lines[10], lines[9]);
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Reordered, error.Kind);
        Assert.Equal(10, error.Line);
        Assert.Equal(11, error.Sequence);
    }

    [Fact]
    public async Task Verify_RecordMovedBackwards_Reordered()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        var moved = lines[4];
        lines.RemoveAt(4);
        lines.Insert(12, moved);
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(AuditChainIssueKind.Reordered, error.Kind);
        Assert.Equal(5, error.Line);
        Assert.Equal(6, error.Sequence);
    }

    [Fact]
    public async Task Verify_TruncatedMidRecord_IncompleteTailIgnoredButSealMissing()
    {
        var path = await ChainAsync();
        var bytes = File.ReadAllBytes(path);
        var lines = Lines(path);
        var cut = bytes.Length - lines[^1].Length - 1 - (lines[^2].Length / 2);
        File.WriteAllBytes(path, bytes[..cut]);

        var lenient = AuditChainVerifier.Verify([path]);
        Assert.True(lenient.IsValid, lenient.Error?.ToString());
        Assert.Equal(20, lenient.LastSequence);
        Assert.Contains(lenient.Warnings, static w => w.Kind == AuditChainIssueKind.Incomplete && w.Line == 21);
        Assert.Contains(lenient.Warnings, static w => w.Kind == AuditChainIssueKind.Unsealed && w.Sequence == 20);

        var error = Broken(path, requireSeal: true);
        Assert.Equal(AuditChainIssueKind.Unsealed, error.Kind);
        Assert.Equal(20, error.Sequence);
    }

    [Fact]
    public async Task Verify_TruncatedAtRecordBoundary_SealRequiredReportsWhereTheChainStops()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        WriteLines(path, lines.Take(18));
        var error = Broken(path, requireSeal: true);
        Assert.Equal(AuditChainIssueKind.Unsealed, error.Kind);
        Assert.Equal(18, error.Sequence);
        Assert.Equal(18, error.Line);
        Assert.False(AuditChainVerifier.Verify([path]).IsSealed);
    }

    [Fact]
    public async Task Verify_ChangedHashCase_Modified()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        lines[4] = lines[4][..^AuditChain.HashSuffixLength] + lines[4][^AuditChain.HashSuffixLength..].ToUpperInvariant().Replace("\"HASH\"", "\"hash\"", StringComparison.Ordinal);
        WriteLines(path, lines);
        var error = Broken(path);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public async Task Verify_TrailingDataAfterObject_Modified()
    {
        var path = await ChainAsync();
        var lines = Lines(path);
        lines[6] = lines[6] + " ";
        WriteLines(path, lines);
        Assert.Equal(7, Broken(path).Line);
    }

    [Fact]
    public void Verify_NoFiles_Empty()
    {
        var result = AuditChainVerifier.Verify([TempDirectory()]);
        Assert.False(result.IsValid);
        Assert.Equal(AuditChainIssueKind.Empty, result.Error!.Kind);
    }

    [Fact]
    public void Verify_MissingPath_Throws() =>
        Assert.Throws<FileNotFoundException>(() => AuditChainVerifier.Verify([Path.Combine(TempDirectory(), "nope.jsonl")]));
}
