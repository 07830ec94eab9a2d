using System.Text;
using System.Text.Json;

namespace AgentGuard.Cli.Tests;

/// <summary><c>agentguard scan</c>: output formats and exit codes.</summary>
public sealed class ScanCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("agentguard-scan-").FullName;

    // Assembled at run time so no committed file holds a live-looking key.
    private static readonly string KeyId = "AK" + "IA" + "QYLPMN5HHHFPZAM2";

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Exit, string Out, string Err) Run(string input, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stdin = new StringReader(input);
        var exit = Program.RunAsync(["scan", .. args], stdout, stderr, stdin, CancellationToken.None).GetAwaiter().GetResult();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void Scan_CleanInput_ExitsZeroAndPrintsNothing()
    {
        var (exit, stdout, stderr) = Run("nothing sensitive here\n");
        Assert.Equal(0, exit);
        Assert.Empty(stdout);
        Assert.Contains("no findings", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_Findings_PrintsOneLinePerFindingAndExitsOne()
    {
        var (exit, stdout, _) = Run($"key {KeyId}\nmail bob@contoso.com\n", "-");
        Assert.Equal(1, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("aws_access_key_id\tstart=4\tlength=20\tline=1\tcolumn=5\tkind=secret", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("action=redact", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("email_address\tstart=30\tlength=15\tline=2\tcolumn=6", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(KeyId, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_Json_PrintsJsonLines()
    {
        var (exit, stdout, _) = Run($"key {KeyId} mail bob@contoso.com", "--json", "--direction", "egress-args");
        Assert.Equal(1, exit);
        var objects = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, objects.Count);
        Assert.Equal(("aws_access_key_id", 4, 20, "block"), (objects[0].GetProperty("detector").GetString(), objects[0].GetProperty("start").GetInt32(), objects[0].GetProperty("length").GetInt32(), objects[0].GetProperty("action").GetString()));
        Assert.Equal(("email_address", "pii"), (objects[1].GetProperty("detector").GetString(), objects[1].GetProperty("kind").GetString()));
        Assert.DoesNotContain(KeyId, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_Redact_PrintsTextWithTypedPlaceholders()
    {
        var (exit, stdout, _) = Run($"key {KeyId}\nmail bob@contoso.com\n", "--redact");
        Assert.Equal(1, exit);
        Assert.Equal("key [REDACTED:aws_access_key_id]\nmail [REDACTED:email_address]\n", stdout);
    }

    [Fact]
    public void Scan_RedactJson_PrintsOneObjectWithTextAndFindings()
    {
        var (exit, stdout, _) = Run($"key {KeyId}", "--redact", "--json");
        Assert.Equal(1, exit);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("key [REDACTED:aws_access_key_id]", root.GetProperty("redacted").GetString());
        Assert.Equal(1, root.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public void Scan_File_ReadsItAndSkipsTheBom()
    {
        var path = WriteFile("a.txt", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes($"{KeyId}\n")]);
        var (exit, stdout, _) = Run(string.Empty, path);
        Assert.Equal(1, exit);
        Assert.StartsWith("aws_access_key_id\tstart=0\t", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_InvalidUtf8_WarnsAndStillScans()
    {
        var path = WriteFile("b.bin", [0xFF, 0xFE, (byte)' ', .. Encoding.UTF8.GetBytes(KeyId)]);
        var (exit, stdout, stderr) = Run(string.Empty, path);
        Assert.Equal(1, exit);
        Assert.Contains("not valid UTF-8", stderr, StringComparison.Ordinal);
        Assert.StartsWith("aws_access_key_id\tstart=3\t", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_MissingFile_ExitsTwo()
    {
        var (exit, stdout, stderr) = Run(string.Empty, Path.Combine(_directory, "missing.txt"));
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains("no such file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_Directory_ExitsTwo()
    {
        var (exit, _, stderr) = Run(string.Empty, _directory);
        Assert.Equal(2, exit);
        Assert.Contains("is a directory", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_UnknownDirection_IsRejected()
    {
        var (exit, _, _) = Run("x", "--direction", "sideways");
        Assert.NotEqual(0, exit);
    }
}
