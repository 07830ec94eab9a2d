using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>The one-pass keyword prefilter: it must mark every place where an anchor starts (in any case it allows, at every
/// offset of a vector block, next to any character), and every vector path must find exactly what the scalar path finds.</summary>
public sealed class KeywordPrefilterTests
{
    private static readonly DlpKeyword[] s_keywords = [.. BuiltInDetectorCatalog.Create().SelectMany(static d => d.Keywords).Where(static k => k.Text != "Q~").Distinct()];
    private static readonly (string Anchor, bool IgnoreCase)[] s_anchors = [.. s_keywords.Select(static k => (k.Anchor, k.IgnoreCase)).Distinct()];
    private static readonly KeywordPrefilter s_filter = KeywordPrefilter.For(s_anchors);

    /// <summary>Characters around the anchors: ASCII letters and digits, Latin-1, characters the vector code saturates to 0xFF
    /// or to 0, surrogates, and the non-ASCII letters that upper-case to ASCII ones.</summary>
    public static TheoryData<string> Fillers() => ["x", "7", " ", "\u00E9", "\u0100", "\u212A", "\u017F", "\u0131", "\u8000", "\uFFFF", "\uD800", "\u65E5"];

    [Theory]
    [MemberData(nameof(Fillers))]
    public void Candidates_EveryAnchorAtEveryOffset_IsMarked(string filler)
    {
        var paths = new List<Func<string, int, uint>>();
        if (Avx2.IsSupported)
        {
            paths.Add((text, block) => Candidates256(text, block * KeywordPrefilter.Block256));
        }

        if (Vector128.IsHardwareAccelerated)
        {
            paths.Add((text, block) => Candidates128(text, block * KeywordPrefilter.Block128));
        }

        Assert.NotEmpty(paths);
        foreach (var (anchor, ignoreCase) in s_anchors)
        {
            foreach (var spelling in Spellings(anchor, ignoreCase))
            {
                for (var offset = 0; offset < 64; offset++)
                {
                    var text = string.Concat(Enumerable.Repeat(filler, offset)) + spelling + string.Concat(Enumerable.Repeat(filler, 100));
                    for (var p = 0; p < paths.Count; p++)
                    {
                        var blockSize = p == 0 && Avx2.IsSupported ? KeywordPrefilter.Block256 : KeywordPrefilter.Block128;
                        var bits = paths[p](text, offset / blockSize);
                        Assert.True((bits & (1u << (offset % blockSize))) != 0, $"'{spelling}' at {offset} after '{filler}' not marked ({blockSize}-character blocks)");
                    }
                }
            }
        }
    }

    [Fact]
    public void Candidates_NonLatinText_MarksNothing()
    {
        // Characters above U+00FF never stand for an anchor's character, so text in other scripts costs no verification.
        var text = string.Concat(Enumerable.Repeat("\u65E5\u672C\u8A9E\u0442\u0435\u043A\u0441\u0442\uAC00\u0100\u212A\u017F", 20));
        for (var i = 0; i + KeywordPrefilter.Block128 + KeywordPrefilter.Width - 1 <= text.Length; i += KeywordPrefilter.Block128)
        {
            Assert.Equal(0u, Candidates128(text, i));
            if (Avx2.IsSupported && i + KeywordPrefilter.Block256 + KeywordPrefilter.Width - 1 <= text.Length)
            {
                Assert.Equal(0u, Candidates256(text, i));
            }
        }
    }

    [Theory]
    [InlineData("prose")]
    [InlineData("logs")]
    [InlineData("json")]
    public void Candidates_OrdinaryText_MarksFewPlaces(string kind)
    {
        // Not a speed assertion: a bucketing regression that marks much of ordinary text would make every scan verify
        // everywhere. Measured today: 1-2% on such logs and JSON, up to 5% on Markdown about secrets.
        var builder = new StringBuilder();
        for (var i = 0; builder.Length < 16_384; i++)
        {
            builder.Append(kind switch
            {
                "logs" => $"2026-01-05T09:{i % 60:00}:{i * 7 % 60:00}.{i * 37 % 1000}Z INFO  [worker-{i % 8}] GET /api/orders/{100000 + i}?page={i % 5} -> 200 in {i % 97} ms user-agent=\"Mozilla/5.0 (X11; Linux x86_64)\" trace={i * 2654435761u:x8}{i * 40503u:x8} version=1.{i % 10}.3\n",
                "json" => $"{{\"id\":{i},\"sku\":\"SKU-{10000 + i}\",\"name\":\"Widget model {i % 50}\",\"price\":{i % 300}.99,\"in_stock\":true,\"tags\":[\"hardware\",\"blue\"],\"created\":\"2026-01-0{1 + (i % 9)}T08:15:00Z\",\"description\":\"A sturdy widget for everyday use.\"}}\n",
                _ => "The quick brown fox jumps over the lazy dog while the service returns 200 OK for /api/orders. ",
            });
        }

        var text = builder.ToString();
        var marked = 0;
        var places = 0;
        for (var i = 0; i + KeywordPrefilter.Block128 + KeywordPrefilter.Width - 1 <= text.Length; i += KeywordPrefilter.Block128)
        {
            marked += System.Numerics.BitOperations.PopCount(Candidates128(text, i));
            places += KeywordPrefilter.Block128;
        }

        Assert.InRange(marked, 0, places / 20);
    }

    [Theory]
    [InlineData("k")]
    [InlineData("")]
    [InlineData("p\u00E4ss")]
    public void For_AnchorTooShortOrNotAscii_Throws(string anchor)
    {
        var error = Assert.Throws<ArgumentException>(() => KeywordPrefilter.For([("password", true), (anchor, false)]));
        Assert.Contains($"'{anchor}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_SameAnchors_SameFilter()
    {
        Assert.Same(s_filter, KeywordPrefilter.For([.. s_anchors]));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(128)]
    [InlineData(0)]
    public void Scan_EveryKeywordOccurrence_IsVerified(int vectorBits)
    {
        // A detector anchored on every built-in keyword records each place the engine hands it: every place where a keyword (and
        // its anchor, where that sits elsewhere) occurs, once (a detector examines a place once, whichever keyword starts there).
        var recorder = new RecordingDetector(s_keywords);
        var engine = new BuiltInEngine([recorder], vectorBits);
        var random = new Random(vectorBits + 17);
        for (var doc = 0; doc < 300; doc++)
        {
            var text = Generate(random);
            recorder.Calls.Clear();
            engine.Scan(text, []);
            var expected = new List<(int, int)>();
            foreach (var keyword in s_keywords)
            {
                var comparison = keyword.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                for (var s = 0; s < text.Length; s++)
                {
                    if (text.AsSpan(s).StartsWith(keyword.Text, comparison)
                        && s + keyword.AnchorOffset <= text.Length && text.AsSpan(s + keyword.AnchorOffset).StartsWith(keyword.Anchor, comparison))
                    {
                        expected.Add((s, keyword.Text.Length));
                    }
                }
            }

            Assert.Equal(expected.Select(static e => e.Item1).Distinct().Order(), recorder.Calls.Select(static c => c.Start).Order());
            Assert.All(recorder.Calls, c => Assert.Contains(c, expected));
        }
    }

    [Fact]
    public void Scan_EveryVectorPath_FindsTheSame()
    {
        var engines = new[] { 256, 128, 0 }.Select(static bits => new BuiltInEngine(BuiltInDetectorCatalog.Create(), bits)).ToArray();
        var random = new Random(5);
        for (var doc = 0; doc < 400; doc++)
        {
            var text = Generate(random);
            var results = engines.Select(e =>
            {
                var hits = new List<DlpDetection>();
                e.Scan(text, hits);
                return hits.OrderBy(static h => h.Start).ThenBy(static h => h.Detector, StringComparer.Ordinal).ThenBy(static h => h.Length).ToList();
            }).ToArray();
            Assert.Equal(results[2], results[0]);
            Assert.Equal(results[2], results[1]);
        }
    }

    private static IEnumerable<string> Spellings(string anchor, bool ignoreCase) =>
        ignoreCase ? [anchor.ToLowerInvariant(), anchor.ToUpperInvariant(), string.Concat(anchor.Select(static (c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)))] : [anchor];

    /// <summary>Text made of keywords (in any case, whole or cut), token-like runs, digits, separators and non-ASCII, at
    /// random lengths so that keywords fall on every offset of a block and at the very end.</summary>
    private static string Generate(Random random)
    {
        string[] pieces = [" ", "\n", "=", ": ", "\"", "-", "_", ".", "/", "@", ":", "~", "\u00E9", "\u65E5", "\u212A", "\u017F", "\\n", "+1 ", "Q~"];
        var builder = new StringBuilder();
        var length = random.Next(4) == 0 ? random.Next(1, 80) : random.Next(1, 1500);
        while (builder.Length < length)
        {
            switch (random.Next(7))
            {
                case 0:
                case 1:
                    var keyword = s_keywords[random.Next(s_keywords.Length)];
                    var text = keyword.AnchorText is null
                        ? keyword.Text
                        : keyword.Text[..Math.Min(keyword.AnchorOffset, keyword.Text.Length)] + Fake.Alnum(Math.Max(0, keyword.AnchorOffset - keyword.Text.Length), random.Next()) + keyword.AnchorText;
                    builder.Append(keyword.IgnoreCase || random.Next(8) == 0 ? Flip(text, random) : text).Append(Fake.Alnum(random.Next(1, 50), random.Next()));
                    break;
                case 2:
                    builder.Append(Fake.Alnum(random.Next(1, 40), random.Next()));
                    break;
                case 3:
                    builder.Append(Fake.Of(Fake.DigitChars, random.Next(1, 20), random.Next()));
                    break;
                case 4:
                    var cut = s_keywords[random.Next(s_keywords.Length)].Text;
                    builder.Append(cut.AsSpan(0, random.Next(cut.Length)));
                    break;
                default:
                    builder.Append(pieces[random.Next(pieces.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Flip(string text, Random random) =>
        string.Concat(text.Select(c => random.Next(3) == 0 ? (char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) : c));

    private static uint Candidates256(string text, int index) =>
        s_filter.Candidates256(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text.AsSpan())), (nuint)index);

    private static uint Candidates128(string text, int index) =>
        s_filter.Candidates128(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text.AsSpan())), (nuint)index);

    private sealed class RecordingDetector(IReadOnlyList<DlpKeyword> keywords) : BuiltInDetector("recording", DlpKind.Secret)
    {
        public List<(int Start, int Length)> Calls { get; } = [];

        public override IReadOnlyList<DlpKeyword> Keywords => keywords;

        public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
        {
            Calls.Add((index, keywordLength));
            return index + 1;
        }
    }
}
