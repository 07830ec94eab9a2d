using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace AgentGuard;

/// <summary>The handle format — <c>agh_</c> and at least 22 base64url characters — and a scanner for handles in text.</summary>
/// <remarks>Matches the DLP detector for handles: the prefix must not follow a letter, digit, <c>_</c> or <c>-</c>.</remarks>
internal static class CredentialHandleFormat
{
    public const string Prefix = CredentialDefaults.HandlePrefix;
    public const int MinBodyLength = 22;
    public const int MaxLength = 512;
    private const int RandomBytes = 32;

    private static readonly SearchValues<char> s_base64Url = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-");

    public static string Create()
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        return Prefix + Base64Url.EncodeToString(random);
    }

    /// <summary>Whether the whole text is one handle.</summary>
    public static bool IsHandle(ReadOnlySpan<char> text) =>
        text.Length >= Prefix.Length + MinBodyLength && text.Length <= MaxLength
        && text.StartsWith(Prefix, StringComparison.Ordinal) && !text[Prefix.Length..].ContainsAnyExcept(s_base64Url);

    /// <summary>Whether the text holds a handle anywhere.</summary>
    public static bool Contains(ReadOnlySpan<char> text) => Next(text, 0, out _, out _);

    /// <summary>Adds every handle in the text to <paramref name="found"/> (each at most <see cref="MaxLength"/> characters).</summary>
    public static void FindAll(string text, ICollection<string> found)
    {
        var from = 0;
        while (Next(text, from, out var start, out var length))
        {
            found.Add(text.Substring(start, Math.Min(length, MaxLength)));
            from = start + length;
        }
    }

    private static bool Next(ReadOnlySpan<char> text, int from, out int start, out int length)
    {
        while (from < text.Length)
        {
            var at = text[from..].IndexOf(Prefix, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            start = from + at;
            var bodyStart = start + Prefix.Length;
            var body = text[bodyStart..];
            var end = body.IndexOfAnyExcept(s_base64Url);
            var bodyLength = end < 0 ? body.Length : end;
            if ((start == 0 || !s_base64Url.Contains(text[start - 1])) && bodyLength >= MinBodyLength)
            {
                length = Prefix.Length + bodyLength;
                return true;
            }

            from = bodyStart;
        }

        start = length = 0;
        return false;
    }
}
