using System.Buffers;
using System.Security.Cryptography;

namespace AgentGuard;

/// <summary>Bitcoin addresses: legacy base58check (<c>1…</c> pay-to-pubkey-hash, <c>3…</c> pay-to-script-hash) with the
/// double-SHA-256 checksum verified, and segwit bech32 (<c>bc1q…</c>) and bech32m (<c>bc1p…</c>) with the BCH checksum
/// verified. A string of the right shape whose checksum fails is not reported.</summary>
internal sealed class BitcoinAddressDetector() : BuiltInDetector(DlpDetectorNames.BitcoinAddress, DlpKind.Pii)
{
    private const string Base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const string Bech32Alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const uint Bech32Constant = 1;
    private const uint Bech32mConstant = 0x2bc830a3;

    private static readonly SearchValues<char> s_base58 = SearchValues.Create(Base58Alphabet);
    private static readonly SearchValues<char> s_bech32 = SearchValues.Create(Bech32Alphabet + Bech32Alphabet.ToUpperInvariant());
    private static readonly uint[] s_generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    private static readonly sbyte[] s_base58Values = CreateValues(Base58Alphabet, ignoreCase: false);
    private static readonly sbyte[] s_bech32Values = CreateValues(Bech32Alphabet, ignoreCase: true);

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.Exact("bc1", "BC1");

    public override DlpTrigger Triggers => DlpTrigger.DigitToken;

    /// <summary>A legacy address starts with 1 or 3 and is 26 to 34 base58 characters.</summary>
    public override int MatchDigitToken(ReadOnlySpan<char> text, int start, List<DlpDetection> hits)
    {
        if (text[start] is not ('1' or '3'))
        {
            return start + 1;
        }

        var length = TextRules.CountRun(text, start, s_base58, 35);
        var end = start + length;
        if (length is < 26 or > 34 || !TextRules.IsRightBoundary(text, end) || !IsBase58Check(text.Slice(start, length)))
        {
            return end;
        }

        Report(hits, start, length, DlpConfidence.High);
        return end;
    }

    /// <summary>A segwit address: <c>bc1</c>, the witness version, the program and a six-character checksum.</summary>
    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        if (!TextRules.IsLeftBoundary(text, index))
        {
            return index + 1;
        }

        var length = 3 + TextRules.CountRun(text, index + 3, s_bech32, 88);
        var end = index + length;
        var address = text.Slice(index, length);
        if (length is < 14 or > 74 || !TextRules.IsRightBoundary(text, end)
            || (address.ContainsAnyInRange('a', 'z') && address.ContainsAnyInRange('A', 'Z')) || !IsSegwit(address))
        {
            return end;
        }

        Report(hits, index, length, DlpConfidence.High);
        return end;
    }

    /// <summary>Whether the text decodes to 25 bytes (version 0 or 5, a 20-byte hash) whose last four are the first four of
    /// the double SHA-256 of the rest.</summary>
    internal static bool IsBase58Check(ReadOnlySpan<char> text)
    {
        Span<byte> bytes = stackalloc byte[26];
        bytes.Clear();
        foreach (var c in text)
        {
            int carry = c < 128 ? s_base58Values[c] : -1;
            if (carry < 0)
            {
                return false;
            }

            for (var i = bytes.Length - 1; i >= 0; i--)
            {
                carry += 58 * bytes[i];
                bytes[i] = (byte)carry;
                carry >>= 8;
            }

            if (carry != 0)
            {
                return false;
            }
        }

        // Leading '1's encode leading zero bytes; the payload is the last 25 bytes.
        var payload = bytes[1..];
        if (bytes[0] != 0 || payload[0] is not (0x00 or 0x05) || (payload[0] == 0x00) != (text[0] == '1'))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(payload[..21], hash);
        SHA256.HashData(hash, hash);
        return hash[..4].SequenceEqual(payload[21..]);
    }

    /// <summary>Whether a <c>bc1…</c> string carries a valid bech32 (version 0) or bech32m (versions 1–16) checksum and a
    /// program of a length segwit allows.</summary>
    internal static bool IsSegwit(ReadOnlySpan<char> address)
    {
        var data = address[3..];
        if (data.Length < 7)
        {
            return false;
        }

        uint checksum = 1;
        foreach (var c in "bc")
        {
            checksum = PolyMod(checksum, c >> 5);
        }

        checksum = PolyMod(checksum, 0);
        foreach (var c in "bc")
        {
            checksum = PolyMod(checksum, c & 31);
        }

        foreach (var c in data)
        {
            checksum = PolyMod(checksum, s_bech32Values[c]);
        }

        var version = s_bech32Values[data[0]];
        var programBits = (data.Length - 7) * 5;
        var programBytes = programBits / 8;
        return version switch
        {
            0 => checksum == Bech32Constant && programBytes is 20 or 32 && data.Length is 39 or 59,
            <= 16 => checksum == Bech32mConstant && programBytes is >= 2 and <= 40,
            _ => false,
        };
    }

    private static uint PolyMod(uint checksum, int value)
    {
        var top = checksum >> 25;
        checksum = ((checksum & 0x1ffffff) << 5) ^ (uint)value;
        for (var i = 0; i < 5; i++)
        {
            if (((top >> i) & 1) != 0)
            {
                checksum ^= s_generator[i];
            }
        }

        return checksum;
    }

    private static sbyte[] CreateValues(string alphabet, bool ignoreCase)
    {
        var values = new sbyte[128];
        values.AsSpan().Fill(-1);
        for (var i = 0; i < alphabet.Length; i++)
        {
            values[alphabet[i]] = (sbyte)i;
            if (ignoreCase)
            {
                values[char.ToUpperInvariant(alphabet[i])] = (sbyte)i;
            }
        }

        return values;
    }
}
