using System.Buffers;
using System.Text;

namespace AgentGuard;

/// <summary>Secrets hidden in base64: a base64 run that contains the encoding of a credential's prefix (<c>AKIA</c>,
/// <c>ghp_</c>, <c>-----BEGIN</c>, <c>password</c>…) at any of the three byte alignments is decoded and the decoded text is
/// scanned again by the other built-in detectors (one level deep, runs of at most <see cref="MaxRunLength"/> characters);
/// a secret found inside makes the whole run the finding.</summary>
/// <remarks>Searching for the encoded prefixes keeps the cost on clean text to the shared keyword search: no run is decoded
/// unless it already carries an encoded credential prefix. Personal data inside base64 is not looked for.</remarks>
internal sealed class EncodedSecretDetector : BuiltInDetector
{
    /// <summary>The longest base64 run decoded (about 12 KB of decoded text).</summary>
    public const int MaxRunLength = 16 * 1024;

    // Few prefixes, each searched for at three alignments in two alphabets: every one adds search strings to the shared
    // keyword pass over all text, so the list keeps to the credentials most worth hiding.
    private static readonly string[] s_prefixes =
    [
        "AKIA", "ASIA", "ghp_", "github_pat_", "glpat-", "xoxb-", "sk-proj-", "sk-ant-", "sk_live_", "AIza", "-----BEGIN",
        "password", "secret", "T3BlbkFJ", "AccountKey=",
    ];

    private static readonly SearchValues<char> s_base64 = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/_-");
    private static readonly Lazy<BuiltInEngine> s_inner = new(static () => new BuiltInEngine(BuiltInDetectorCatalog.Create(includeEncoded: false)));

    public EncodedSecretDetector()
        : base(DlpDetectorNames.EncodedSecret, DlpKind.Secret)
    {
    }

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = [.. s_prefixes.SelectMany(EncodedForms).Distinct().Select(static f => new DlpKeyword(f))];

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var start = index;
        var floor = Math.Max(0, index - MaxRunLength);
        while (start > floor && s_base64.Contains(text[start - 1]))
        {
            start--;
        }

        var length = TextRules.CountRun(text, start, s_base64, MaxRunLength + 1);
        var end = start + length;
        while (end < text.Length && text[end] == '=' && end - start < length + 2)
        {
            end++;
        }

        if (length > MaxRunLength || start == floor && floor > 0 || length % 4 == 1)
        {
            return end;
        }

        var byteCount = length * 3 / 4;
        var bytes = ArrayPool<byte>.Shared.Rent(byteCount + 3);
        var chars = ArrayPool<char>.Shared.Rent(byteCount + 3);
        var inner = new List<DlpDetection>();
        try
        {
            var written = TextRules.Base64Decode(text.Slice(start, length), bytes);
            if (written <= 0)
            {
                return end;
            }

            var decoded = Encoding.UTF8.GetChars(bytes, 0, written, chars, 0);
            s_inner.Value.Scan(chars.AsSpan(0, decoded), inner);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }

        var best = inner.Where(static h => h.Kind == DlpKind.Secret).Select(static h => (DlpConfidence?)h.Confidence).Max();
        if (best is { } confidence)
        {
            Report(hits, start, end - start, confidence);
        }

        return end;
    }

    /// <summary>The parts of the base64 encoding of <paramref name="prefix"/> that do not depend on the bytes around it, at
    /// each of the three alignments, in the standard and the URL-safe alphabet.</summary>
    internal static IEnumerable<string> EncodedForms(string prefix)
    {
        var bytes = Encoding.ASCII.GetBytes(prefix);
        for (var shift = 0; shift < 3; shift++)
        {
            var padded = new byte[shift + bytes.Length];
            bytes.CopyTo(padded, shift);
            var encoded = Convert.ToBase64String(padded);
            var first = ((8 * shift) + 5) / 6;
            var last = (8 * (shift + bytes.Length) / 6) - 1;
            if (last - first + 1 < 3)
            {
                continue;
            }

            var stable = encoded[first..(last + 1)];
            yield return stable;
            var urlSafe = stable.Replace('+', '-').Replace('/', '_');
            if (urlSafe != stable)
            {
                yield return urlSafe;
            }
        }
    }
}
