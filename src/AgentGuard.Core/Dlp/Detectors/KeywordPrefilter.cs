using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AgentGuard;

/// <summary>Marks, in one vectorised pass, the places where one of a few hundred keyword anchors may start.</summary>
/// <remarks>
/// <para>
/// A "Teddy" filter, after the literal matcher of that name in Intel's Hyperscan: the anchors are spread over 16 buckets, and
/// for each of the first <see cref="Width"/> characters of a place, two 16-entry tables indexed by the character's low and
/// high four bits give the buckets whose anchors allow that character there (byte shuffles look up 32 characters at once).
/// A place is a candidate when some bucket allows all its characters. Candidates are a superset of the real anchor hits; the
/// caller verifies each one exactly. A bucket allows the cross product of the nibbles it holds, so which anchors share a
/// bucket decides how many false candidates ordinary text yields: the buckets are formed by merging, again and again, the two
/// whose union adds the fewest expected false candidates under a character-frequency model of logs, JSON, code and prose.
/// </para>
/// <para>
/// It replaces one <see cref="System.Buffers.SearchValues{T}"/> search per 24 anchors (that type's vectorised path stays fast
/// only for a few dozen strings): ten passes over the text became one.
/// </para>
/// <para>
/// Characters above U+00FF are saturated to 0xFF (or 0 from U+8000) before the lookup, and no anchor character maps there, so
/// non-Latin text yields no candidates; no character above U+007F equals an ASCII one under ordinal comparison, with or
/// without case, so nothing is lost.
/// </para>
/// </remarks>
internal sealed class KeywordPrefilter
{
    /// <summary>How many leading characters of each anchor the filter checks.</summary>
    public const int Width = 4;

    /// <summary>How many characters one 256-bit block covers.</summary>
    public const int Block256 = 32;

    /// <summary>How many characters one 128-bit block covers.</summary>
    public const int Block128 = 16;

    private const int Buckets = 16;
    private const int MaxCached = 32;
    private static readonly ConcurrentDictionary<string, KeywordPrefilter> s_cache = new(StringComparer.Ordinal);
    private static readonly double[] s_frequency = BuildFrequencyModel();

    /// <summary>The lookup tables: for position <c>j</c>, bucket half <c>h</c> (buckets 0-7, 8-15) and nibble <c>n</c>
    /// (low, high), entry <c>j * 4 + h * 2 + n</c>, each 16 bytes repeated in both 128-bit lanes.</summary>
    private readonly Vector256<byte>[] _tables = new Vector256<byte>[Width * 4];

    private KeywordPrefilter(IReadOnlyList<(string Anchor, bool IgnoreCase)> anchors)
    {
        var bucketOf = AssignBuckets(anchors);
        var bytes = new byte[Width * 4, 16];
        for (var a = 0; a < anchors.Count; a++)
        {
            var (anchor, ignoreCase) = anchors[a];
            var half = bucketOf[a] / 8;
            var bit = (byte)(1 << (bucketOf[a] % 8));
            for (var j = 0; j < Width; j++)
            {
                var lo = (j * 4) + (half * 2);
                if (j >= anchor.Length)
                {
                    // Past a short anchor's end any character will do.
                    for (var n = 0; n < 16; n++)
                    {
                        bytes[lo, n] |= bit;
                        bytes[lo + 1, n] |= bit;
                    }

                    continue;
                }

                foreach (var c in Variants(anchor[j], ignoreCase))
                {
                    bytes[lo, c & 0x0F] |= bit;
                    bytes[lo + 1, c >> 4] |= bit;
                }
            }
        }

        Span<byte> row = stackalloc byte[16];
        for (var t = 0; t < _tables.Length; t++)
        {
            for (var n = 0; n < 16; n++)
            {
                row[n] = bytes[t, n];
            }

            var v = Vector128.Create((ReadOnlySpan<byte>)row);
            _tables[t] = Vector256.Create(v, v);
        }
    }

    /// <summary>Gets the filter for a set of anchors (built once per distinct set; building costs milliseconds).</summary>
    /// <param name="anchors">ASCII anchors of at least two characters, each with whether it matches in any case.</param>
    public static KeywordPrefilter For(IReadOnlyList<(string Anchor, bool IgnoreCase)> anchors)
    {
        foreach (var (anchor, _) in anchors)
        {
            if (anchor.Length < 2 || !System.Text.Ascii.IsValid(anchor))
            {
                throw new ArgumentException($"Keyword anchor '{anchor}' must be ASCII and at least two characters long.", nameof(anchors));
            }
        }

        var key = string.Join('\n', anchors.Select(static a => (a.IgnoreCase ? "i:" : "e:") + a.Anchor));
        if (s_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var built = new KeywordPrefilter(anchors);
        return s_cache.Count < MaxCached ? s_cache.GetOrAdd(key, built) : built;
    }

    /// <summary>The candidates among the <see cref="Block256"/> places starting at <paramref name="index"/>, a bit per place
    /// (the first in the lowest bit). Reads <see cref="Block256"/> + <see cref="Width"/> - 1 characters. Needs AVX2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Candidates256(ref ushort text, nuint index)
    {
        ref var tables = ref MemoryMarshal.GetArrayDataReference(_tables);
        var nibble = Vector256.Create((byte)0x0F);
        var low = Vector256<byte>.AllBitsSet;
        var high = Vector256<byte>.AllBitsSet;
        for (nuint j = 0; j < Width; j++)
        {
            var bytes = Avx2.PackUnsignedSaturate(
                Vector256.LoadUnsafe(ref text, index + j).AsInt16(),
                Vector256.LoadUnsafe(ref text, index + j + 16).AsInt16());
            var lo = bytes & nibble;
            var hi = Avx2.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & nibble;
            ref var t = ref Unsafe.Add(ref tables, (int)(j * 4));
            low &= Avx2.Shuffle(t, lo) & Avx2.Shuffle(Unsafe.Add(ref t, 1), hi);
            high &= Avx2.Shuffle(Unsafe.Add(ref t, 2), lo) & Avx2.Shuffle(Unsafe.Add(ref t, 3), hi);
        }

        var mask = ~Vector256.Equals(low | high, Vector256<byte>.Zero).ExtractMostSignificantBits();

        // The pack works per 128-bit lane: bytes 8-15 hold places 16-23 and bytes 16-23 places 8-15.
        return (mask & 0xFF0000FF) | ((mask >> 8) & 0x0000FF00) | ((mask << 8) & 0x00FF0000);
    }

    /// <summary>The candidates among the <see cref="Block128"/> places starting at <paramref name="index"/>, a bit per place.
    /// Reads <see cref="Block128"/> + <see cref="Width"/> - 1 characters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Candidates128(ref ushort text, nuint index)
    {
        ref var tables = ref MemoryMarshal.GetArrayDataReference(_tables);
        var nibble = Vector128.Create((byte)0x0F);
        var latin1 = Vector128.Create((ushort)0xFF);
        var low = Vector128<byte>.AllBitsSet;
        var high = Vector128<byte>.AllBitsSet;
        for (nuint j = 0; j < Width; j++)
        {
            var bytes = Vector128.Narrow(
                Vector128.Min(Vector128.LoadUnsafe(ref text, index + j), latin1),
                Vector128.Min(Vector128.LoadUnsafe(ref text, index + j + 8), latin1));
            var lo = bytes & nibble;
            var hi = Vector128.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & nibble;
            ref var t = ref Unsafe.Add(ref tables, (int)(j * 4));
            low &= Vector128.ShuffleNative(t.GetLower(), lo) & Vector128.ShuffleNative(Unsafe.Add(ref t, 1).GetLower(), hi);
            high &= Vector128.ShuffleNative(Unsafe.Add(ref t, 2).GetLower(), lo) & Vector128.ShuffleNative(Unsafe.Add(ref t, 3).GetLower(), hi);
        }

        return ~Vector128.Equals(low | high, Vector128<byte>.Zero).ExtractMostSignificantBits() & 0xFFFF;
    }

    /// <summary>The characters a character of an anchor accepts in the text: both cases of an ASCII letter where case is
    /// ignored, else the character itself.</summary>
    public static IEnumerable<char> Variants(char c, bool ignoreCase) =>
        ignoreCase && char.IsAsciiLetter(c) ? [char.ToLowerInvariant(c), char.ToUpperInvariant(c)] : [c];

    /// <summary>Spreads the anchors over the buckets: starting with one bucket per anchor, merges the pair whose union adds the
    /// fewest expected candidates per character of text, until <see cref="Buckets"/> remain. Deterministic for a given list.</summary>
    private static int[] AssignBuckets(IReadOnlyList<(string Anchor, bool IgnoreCase)> anchors)
    {
        var n = anchors.Count;
        var owner = new int[n];
        for (var a = 0; a < n; a++)
        {
            owner[a] = a;
        }

        if (n <= Buckets)
        {
            return owner;
        }

        // Each cluster: per position, a 16-bit set of low nibbles and of high nibbles (both full: any character).
        var lo = new ushort[n * Width];
        var hi = new ushort[n * Width];
        for (var a = 0; a < n; a++)
        {
            var (anchor, ignoreCase) = anchors[a];
            for (var j = 0; j < Width; j++)
            {
                if (j >= anchor.Length)
                {
                    lo[(a * Width) + j] = ushort.MaxValue;
                    hi[(a * Width) + j] = ushort.MaxValue;
                    continue;
                }

                foreach (var c in Variants(anchor[j], ignoreCase))
                {
                    lo[(a * Width) + j] |= (ushort)(1 << (c & 0x0F));
                    hi[(a * Width) + j] |= (ushort)(1 << (c >> 4));
                }
            }
        }

        var cost = new double[n];
        for (var a = 0; a < n; a++)
        {
            cost[a] = Cost(lo, hi, a, a);
        }

        var delta = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            for (var b = a + 1; b < n; b++)
            {
                delta[(a * n) + b] = Cost(lo, hi, a, b) - cost[a] - cost[b];
            }
        }

        var alive = new bool[n];
        Array.Fill(alive, true);
        for (var clusters = n; clusters > Buckets; clusters--)
        {
            int bestA = -1, bestB = -1;
            var best = double.MaxValue;
            for (var a = 0; a < n; a++)
            {
                if (!alive[a])
                {
                    continue;
                }

                for (var b = a + 1; b < n; b++)
                {
                    if (alive[b] && delta[(a * n) + b] < best)
                    {
                        best = delta[(a * n) + b];
                        bestA = a;
                        bestB = b;
                    }
                }
            }

            // Merge b into a.
            alive[bestB] = false;
            for (var j = 0; j < Width; j++)
            {
                lo[(bestA * Width) + j] |= lo[(bestB * Width) + j];
                hi[(bestA * Width) + j] |= hi[(bestB * Width) + j];
            }

            cost[bestA] = Cost(lo, hi, bestA, bestA);
            for (var a = 0; a < n; a++)
            {
                if (owner[a] == bestB)
                {
                    owner[a] = bestA;
                }
            }

            for (var c = 0; c < n; c++)
            {
                if (alive[c] && c != bestA)
                {
                    var (x, y) = c < bestA ? (c, bestA) : (bestA, c);
                    delta[(x * n) + y] = Cost(lo, hi, x, y) - cost[x] - cost[y];
                }
            }
        }

        // Number the surviving clusters 0..15 in order.
        var number = new int[n];
        var next = 0;
        for (var a = 0; a < n; a++)
        {
            if (alive[a])
            {
                number[a] = next++;
            }
        }

        for (var a = 0; a < n; a++)
        {
            owner[a] = number[owner[a]];
        }

        return owner;
    }

    /// <summary>The expected share of places a bucket holding clusters <paramref name="a"/> and <paramref name="b"/> marks.</summary>
    private static double Cost(ushort[] lo, ushort[] hi, int a, int b)
    {
        var p = 1.0;
        for (var j = 0; j < Width; j++)
        {
            var l = (uint)(lo[(a * Width) + j] | lo[(b * Width) + j]);
            var h = (uint)(hi[(a * Width) + j] | hi[(b * Width) + j]);
            if (l == ushort.MaxValue && h == ushort.MaxValue)
            {
                continue;
            }

            var sum = 0.0;
            for (var hs = h; hs != 0; hs &= hs - 1)
            {
                var row = BitOperations.TrailingZeroCount(hs) * 16;
                for (var ls = l; ls != 0; ls &= ls - 1)
                {
                    sum += s_frequency[row + BitOperations.TrailingZeroCount(ls)];
                }
            }

            p *= sum;
        }

        return p;
    }

    /// <summary>Rough character frequencies of logs, JSON, source code and prose, for the byte the filter sees (0xFF for
    /// U+0100-U+7FFF, 0 from U+8000). Only the bucketing uses them; a poor model costs speed, never findings.</summary>
    private static double[] BuildFrequencyModel()
    {
        var f = new double[256];
        for (var c = 0; c < 256; c++)
        {
            f[c] = c < 0x20 ? 0.05 : c < 0x7F ? 1.0 : 0.1;
        }

        f[' '] = 120;
        f['\n'] = 15;
        f['\t'] = 2;
        f['\r'] = 2;
        const string Lower = "etaoinsrhldcumfpgwybvkxjqz";
        double[] lowerWeight = [70, 52, 48, 46, 44, 44, 40, 40, 24, 26, 24, 22, 18, 16, 14, 14, 12, 10, 10, 9, 7, 5, 3, 1.5, 1, 1];
        for (var k = 0; k < Lower.Length; k++)
        {
            f[Lower[k]] = lowerWeight[k];
            f[char.ToUpperInvariant(Lower[k])] = 1 + (lowerWeight[k] / 5);
        }

        for (var d = '0'; d <= '9'; d++)
        {
            f[d] = d switch { '0' => 20, '1' => 18, '2' => 15, _ => 10 };
        }

        foreach (var (c, w) in new (char, double)[]
        {
            ('"', 15), (':', 10), (',', 10), ('.', 12), ('-', 8), ('_', 6), ('/', 6), ('=', 5), ('(', 4), (')', 4), ('{', 3),
            ('}', 3), ('[', 2), (']', 2), (';', 4), ('\'', 3), ('<', 2), ('>', 2),
        })
        {
            f[c] = w;
        }

        f[0xFF] = 5;
        f[0] = 2;
        var total = f.Sum();
        for (var c = 0; c < 256; c++)
        {
            f[c] /= total;
        }

        return f;
    }
}
