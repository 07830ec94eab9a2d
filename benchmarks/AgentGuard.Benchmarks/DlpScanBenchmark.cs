using System.Text;
using BenchmarkDotNet.Attributes;

namespace AgentGuard.Benchmarks;

/// <summary>DLP throughput on realistic clean text (logs, JSON records) and on text dense with findings, at 1 KB, 64 KB and 1 MB.</summary>
/// <remarks>Throughput is <c>Size / Mean</c>. Targets: 500 MB/s clean, 100 MB/s dense. The baseline is a plain vectorised
/// search for one character, the floor for any scan that reads the whole text.</remarks>
[MemoryDiagnoser]
public class DlpScanBenchmark
{
    private readonly DlpScanner _scanner = new();
    private string _text = string.Empty;

    /// <summary>Gets or sets the text size in bytes (ASCII, so also in characters).</summary>
    [Params(1024, 64 * 1024, 1024 * 1024)]
    public int Size { get; set; }

    /// <summary>Gets or sets the kind of text: clean logs, clean JSON records, or text dense with findings.</summary>
    [Params("logs", "json", "dense")]
    public string Corpus { get; set; } = "logs";

    [GlobalSetup]
    public void Setup()
    {
        _text = Corpus switch
        {
            "json" => Build(Size, JsonRecord),
            "dense" => Build(Size, DenseLine),
            _ => Build(Size, LogLine),
        };
        var findings = _scanner.Scan(_text).Count;
        if ((Corpus == "dense") != (findings > 0))
        {
            throw new InvalidOperationException($"corpus '{Corpus}' produced {findings} findings");
        }
    }

    [Benchmark(Baseline = true)]
    public int IndexOfAny() => _text.AsSpan().IndexOf('\u0001');

    [Benchmark]
    public int Scan() => _scanner.Scan(_text).Count;

    private static string Build(int size, Action<StringBuilder, int> line)
    {
        var builder = new StringBuilder(size + 256);
        for (var i = 0; builder.Length < size; i++)
        {
            line(builder, i);
        }

        return builder.ToString(0, size);
    }

    private static void LogLine(StringBuilder b, int i) =>
        b.Append("2026-01-05T09:").Append((i % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append(':')
         .Append((i * 7 % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append('.').Append(i * 37 % 1000)
         .Append("Z INFO  [worker-").Append(i % 8).Append("] GET /api/orders/").Append(100000 + i).Append("?page=").Append(i % 5)
         .Append(" -> 200 in ").Append(i % 97).Append(" ms user-agent=\"Mozilla/5.0 (X11; Linux x86_64)\" trace=")
         .Append(Hex(i)).Append(" version=1.").Append(i % 10).Append(".3\n");

    private static void JsonRecord(StringBuilder b, int i) =>
        b.Append("{\"id\":").Append(i).Append(",\"sku\":\"SKU-").Append(10000 + i).Append("\",\"name\":\"Widget model ").Append(i % 50)
         .Append("\",\"price\":").Append(i % 300).Append(".99,\"in_stock\":true,\"tags\":[\"hardware\",\"blue\"],\"created\":\"2026-01-0")
         .Append(1 + (i % 9)).Append("T08:15:00Z\",\"etag\":\"").Append(Hex(i)).Append("\",\"description\":\"A sturdy widget for everyday use.\"}\n");

    private static void DenseLine(StringBuilder b, int i)
    {
        // Every line carries a secret or personal data (assembled from pieces; no literal credential in source).
        switch (i % 6)
        {
            case 0: b.Append("aws key ").Append("AK").Append("IA").Append(Base32(i)).Append(" used\n"); break;
            case 1: b.Append("{\"email\":\"user").Append(i).Append("@contoso.com\",\"ip\":\"10.").Append(i % 250).Append(".1.").Append(i % 200).Append("\"}\n"); break;
            case 2: b.Append("card 4532 0151 1283 0366 phone +1 (415) 555-").Append(1000 + (i % 9000)).Append('\n'); break;
            case 3: b.Append("password = \"Xk").Append(i).Append("#mQ2vLp\"\n"); break;
            case 4: b.Append("token gh").Append("p_").Append(Hex(i)[..36]).Append('\n'); break;
            default: b.Append("SSN 536-22-").Append(1000 + (i % 8999)).Append(" on file\n"); break;
        }
    }

    private static string Hex(int i) => Convert.ToHexStringLower(BitConverter.GetBytes(i * 2654435761u)) + "9f3ac2b17e4d58a6b0c1d2e3f4a5b6c7d8e9";

    private static string Base32(int i)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var chars = new char[16];
        var x = (uint)i * 2654435761u;
        for (var k = 0; k < 16; k++)
        {
            x = (x * 1103515245u) + 12345u;
            chars[k] = alphabet[(int)(x >> 27)];
        }

        return new string(chars);
    }
}
