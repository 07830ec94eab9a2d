using System.Buffers;

namespace AgentGuard;

/// <summary>Words whose presence near a match corroborates it ("ssn", "card", "phone"), searched with one vectorised pass per
/// window rather than one search per word.</summary>
internal sealed class ContextWords
{
    private readonly SearchValues<string> _words;

    public ContextWords(params string[] words)
    {
        Words = words;
        _words = SearchValues.Create(words, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Gets the words.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Whether a word starts (no letter before it) within <paramref name="window"/> characters before
    /// <paramref name="start"/> or after <paramref name="end"/>.</summary>
    public bool Near(ReadOnlySpan<char> text, int start, int end, int window) =>
        Contains(text, Math.Max(0, start - window), start) || Contains(text, end, Math.Min(text.Length, end + window));

    private bool Contains(ReadOnlySpan<char> text, int from, int to)
    {
        var p = from;
        while (p < to)
        {
            var i = text[p..to].IndexOfAny(_words);
            if (i < 0)
            {
                return false;
            }

            var at = p + i;
            if (at == 0 || !char.IsLetter(text[at - 1]))
            {
                return true;
            }

            p = at + 1;
        }

        return false;
    }
}
