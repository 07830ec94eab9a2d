namespace AgentGuard;

/// <summary>Ethereum addresses: <c>0x</c> and 40 hex digits. A mixed-case address must carry a valid EIP-55 checksum
/// (Keccak-256 of the lower-case address decides each letter's case) and is then reported with high confidence; an
/// all-lower or all-upper one is reported only with a nearby word such as "eth", "wallet" or "address".</summary>
/// <remarks>Longer hex strings (64-digit hashes, transaction ids) are not addresses and are skipped.</remarks>
internal sealed class EthereumAddressDetector() : BuiltInDetector(DlpDetectorNames.EthereumAddress, DlpKind.Pii)
{
    private static readonly ContextWords s_context = new("eth", "ether", "wallet", "address", "addr", "erc20", "erc-20", "metamask", "0x address", "recipient", "send to", "usdt", "usdc");

    public override DlpTrigger Triggers => DlpTrigger.DigitToken;

    public override int MatchDigitToken(ReadOnlySpan<char> text, int start, List<DlpDetection> hits)
    {
        if (text[start] != '0' || start + 2 >= text.Length || text[start + 1] is not ('x' or 'X'))
        {
            return start + 1;
        }

        var length = TextRules.CountRun(text, start + 2, TextRules.Hex, 41);
        var end = start + 2 + length;
        if (length != 40 || !TextRules.IsRightBoundary(text, end))
        {
            return end;
        }

        var hex = text.Slice(start + 2, 40);
        var mixed = hex.ContainsAnyInRange('a', 'f') && hex.ContainsAnyInRange('A', 'F');
        DlpConfidence confidence;
        if (mixed)
        {
            if (!HasValidChecksum(hex))
            {
                return end;
            }

            confidence = DlpConfidence.High;
        }
        else if (TextRules.IsRepeated(hex) || hex.IndexOfAnyExcept('0') >= 36 || !s_context.Near(text, start, end, 48))
        {
            // 0x000…0 and 0x000…01 are sentinel and precompile addresses; otherwise the text must say it is an address.
            return end;
        }
        else
        {
            confidence = DlpConfidence.Medium;
        }

        Report(hits, start, end - start, confidence);
        return end;
    }

    /// <summary>Whether each letter of the 40 hex digits is upper case exactly where the Keccak-256 of the lower-case address
    /// has a nibble of 8 or more (EIP-55).</summary>
    internal static bool HasValidChecksum(ReadOnlySpan<char> hex)
    {
        Span<byte> lower = stackalloc byte[40];
        for (var i = 0; i < 40; i++)
        {
            lower[i] = (byte)char.ToLowerInvariant(hex[i]);
        }

        Span<byte> hash = stackalloc byte[32];
        Keccak256.Hash(lower, hash);
        for (var i = 0; i < 40; i++)
        {
            var c = hex[i];
            if (!char.IsAsciiLetter(c))
            {
                continue;
            }

            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            if (char.IsAsciiLetterUpper(c) != nibble >= 8)
            {
                return false;
            }
        }

        return true;
    }
}
