using System.Text;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Builds look-alike credentials and personal data at run time from a seed, so no committed file holds a literal that
/// looks like a live secret. Every value is random in form only and valid for no service.</summary>
internal static class Fake
{
    public const string UpperChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string LowerChars = "abcdefghijklmnopqrstuvwxyz";
    public const string DigitChars = "0123456789";
    public const string AlnumChars = UpperChars + LowerChars + DigitChars;

    public static string Of(string alphabet, int length, int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        // Make sure every class of the alphabet shows up, as in real random tokens of this length.
        var value = builder.ToString().ToCharArray();
        var p = random.Next(length);
        foreach (var cls in new[] { UpperChars, LowerChars, DigitChars })
        {
            if (alphabet.Contains(cls[0], StringComparison.Ordinal) && value.AsSpan().IndexOfAny(cls) < 0 && length >= 8)
            {
                value[p % length] = cls[random.Next(cls.Length)];
                p += 3;
            }
        }

        return new string(value);
    }

    public static string Alnum(int length, int seed) => Of(AlnumChars, length, seed);

    public static string LowerAlnum(int length, int seed) => Of(LowerChars + DigitChars, length, seed);

    public static string UpperBase32(int length, int seed) => Of(UpperChars + "234567", length, seed);

    public static string Hex(int length, int seed) => Of("0123456789abcdef", length, seed);

    public static string Base64(int length, int seed) => Of(AlnumChars + "+/", length, seed);

    public static string Base64Url(int length, int seed) => Of(AlnumChars + "-_", length, seed);

    public static string Digits(int length, int seed) => Of(DigitChars, length, seed);

    /// <summary>An AWS-style access key id: a four-letter prefix and 16 base32 characters.</summary>
    public static string AwsKeyId(int seed, string prefix = "AK" + "IA") => prefix + UpperBase32(16, seed);

    /// <summary>An AWS-style secret access key: 40 base64 characters mixing upper, lower and digits.</summary>
    public static string AwsSecret(int seed) => Base64(40, seed);

    /// <summary>A card number with the given prefix and length whose last digit makes the Luhn check pass.</summary>
    public static string Card(string prefix, int length, int seed)
    {
        var body = prefix + Digits(length - prefix.Length - 1, seed);
        for (var check = 0; check <= 9; check++)
        {
            var candidate = body + check;
            if (Checksums.Luhn(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Breaks the Luhn check of a valid number by changing its last digit.</summary>
    public static string BreakLuhn(string number) => number[..^1] + (char)('0' + ((number[^1] - '0' + 1) % 10));

    /// <summary>An IBAN for the country with a random BBAN of the given length and correct check digits.</summary>
    public static string Iban(string country, int bbanLength, int seed)
    {
        var bban = Digits(bbanLength, seed);
        for (var check = 2; check <= 98; check++)
        {
            var candidate = country + check.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + bban;
            if (Checksums.Mod97(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    public static string Base64UrlOf(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A JWT with the given header and payload JSON and a random signature.</summary>
    public static string Jwt(int seed, string header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", string? payload = null) =>
        Base64UrlOf(header) + "." + Base64UrlOf(payload ?? $"{{\"sub\":\"user{seed}\",\"iat\":{1700000000 + seed}}}") + "." + Base64Url(43, seed);

    /// <summary>A PEM private key block with random key material.</summary>
    public static string Pem(int seed, string label = "RSA PRIVATE KEY", int lines = 6, string newline = "\n")
    {
        var builder = new StringBuilder();
        builder.Append("-----BEGIN ").Append(label).Append("-----").Append(newline);
        for (var i = 0; i < lines; i++)
        {
            builder.Append(Base64(64, seed + i)).Append(newline);
        }

        builder.Append("-----END ").Append(label).Append("-----");
        return builder.ToString();
    }
}
