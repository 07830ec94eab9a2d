using System.Text;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>The checksums the detectors validate with, against straightforward reference implementations.</summary>
public sealed class ChecksumsTests
{
    private const string Base62UpperFirst = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Base62LowerFirst = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    [Fact]
    public void Crc32_StandardCheckInput_ReturnsIeeeCheckValue()
    {
        Assert.Equal(0xCBF43926u, Checksums.Crc32("123456789"));
        Assert.Equal(0u, Checksums.Crc32(string.Empty));
    }

    [Fact]
    public void Crc32_EveryLengthUpTo100_MatchesBitwiseReference()
    {
        var random = new Random(7);
        for (var length = 0; length <= 100; length++)
        {
            var text = RandomText(random, length, Fake.AlnumChars + "_-.");
            Assert.Equal(ReferenceCrc32(text), Checksums.Crc32(text));
        }
    }

    [Theory]
    [InlineData(4, 30)]
    [InlineData(4, 31)]
    [InlineData(4, 1)]
    [InlineData(0, 30)]
    [InlineData(11, 33)]
    public void HasCrc32Base62Suffix_SuffixOverRandomOrWholeInEitherAlphabet_True(int prefixLength, int randomLength)
    {
        var random = new Random((prefixLength * 100) + randomLength);
        for (var round = 0; round < 20; round++)
        {
            var prefix = RandomText(random, prefixLength, Fake.LowerChars + "_");
            var body = RandomText(random, randomLength, Fake.AlnumChars);
            foreach (var alphabet in new[] { Base62UpperFirst, Base62LowerFirst })
            {
                Assert.True(Checksums.HasCrc32Base62Suffix(prefix + body + Encode(ReferenceCrc32(body), alphabet), prefixLength));
                Assert.True(Checksums.HasCrc32Base62Suffix(prefix + body + Encode(ReferenceCrc32(prefix + body), alphabet), prefixLength));
            }
        }
    }

    [Fact]
    public void HasCrc32Base62Suffix_WrongOrMalformedSuffix_False()
    {
        var random = new Random(11);
        for (var round = 0; round < 200; round++)
        {
            var body = RandomText(random, 30, Fake.AlnumChars);
            var token = "ab_" + body;
            var suffix = Encode(ReferenceCrc32(body), Base62UpperFirst).ToCharArray();
            suffix[round % 6] = suffix[round % 6] == '0' ? '1' : '0';
            Assert.False(Checksums.HasCrc32Base62Suffix(token + new string(suffix), 3));
        }

        var valid = "ab_" + "x1Y2z3" + Encode(ReferenceCrc32("x1Y2z3"), Base62UpperFirst);
        Assert.True(Checksums.HasCrc32Base62Suffix(valid, 3));
        Assert.False(Checksums.HasCrc32Base62Suffix(valid[..^1] + "-", 3));
        Assert.False(Checksums.HasCrc32Base62Suffix(valid[..^1] + "\u00E9", 3));
        Assert.False(Checksums.HasCrc32Base62Suffix("ab_" + Encode(ReferenceCrc32(string.Empty), Base62UpperFirst), 3));
    }

    private static string RandomText(Random random, int length, string alphabet)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static uint ReferenceCrc32(string text)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in Encoding.ASCII.GetBytes(text))
        {
            crc ^= c;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    private static string Encode(uint value, string alphabet)
    {
        var digits = new char[6];
        for (var i = 5; i >= 0; i--)
        {
            digits[i] = alphabet[(int)(value % 62)];
            value /= 62;
        }

        return new string(digits);
    }
}
