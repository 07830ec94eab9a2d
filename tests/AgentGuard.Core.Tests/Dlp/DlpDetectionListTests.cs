using System.Text;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Large scan results (held in chunks) read the same as small ones (held in an array).</summary>
public sealed class DlpDetectionListTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(DlpDetectionList.ChunkSize)]
    [InlineData(DlpDetectionList.ChunkSize + 1)]
    [InlineData((3 * DlpDetectionList.ChunkSize) + 17)]
    public void Scan_ManyFindings_EveryFindingInOrderByIndexAndEnumeration(int count)
    {
        var builder = new StringBuilder();
        var starts = new List<int>();
        for (var i = 0; i < count; i++)
        {
            builder.Append("mail ");
            starts.Add(builder.Length);
            builder.Append("user").Append(i).Append("@contoso.com\n");
        }

        var findings = DlpAssert.Scanner.Scan(builder.ToString());

        Assert.Equal(count, findings.Count);
        var enumerated = findings.ToList();
        Assert.Equal(count, enumerated.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(starts[i], findings[i].Start);
            Assert.Equal(DlpDetectorNames.EmailAddress, findings[i].Detector);
            Assert.Equal(findings[i], enumerated[i]);
        }

        Assert.ThrowsAny<SystemException>(() => findings[count]);
        Assert.ThrowsAny<SystemException>(() => findings[-1]);
    }

    [Fact]
    public void Scan_ChunkedFindings_RedactLikeAnArray()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < DlpDetectionList.ChunkSize + 5; i++)
        {
            builder.Append("ip 10.1.").Append(i % 200).Append('.').Append(1 + (i % 250)).Append('\n');
        }

        var text = builder.ToString();
        var findings = DlpAssert.Scanner.Scan(text);

        Assert.True(findings.Count > DlpDetectionList.ChunkSize);
        Assert.Equal(DlpAssert.Scanner.Redact(text, findings.ToArray()), DlpAssert.Scanner.Redact(text, findings));
        Assert.DoesNotContain("10.1.", DlpAssert.Scanner.Redact(text), StringComparison.Ordinal);
    }
}
