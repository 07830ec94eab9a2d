using System.Buffers;

namespace AgentGuard;

/// <summary>Words whose presence near a match corroborates it ("ssn", "card", "phone"), searched with one vectorised pass per
/// window rather than one search per word.</summary>
internal sealed class ContextWords
{
    private readonly SearchValues<string> _words;

    /// <summary>The ASCII characters that occur in no word, in either case: a match made only of them cannot be part of a word.</summary>
    private readonly SearchValues<char> _outsideWords;

    public ContextWords(params string[] words)
    {
        Words = words;
        _words = SearchValues.Create(words, StringComparison.OrdinalIgnoreCase);
        var inWords = words.SelectMany(static w => w).SelectMany(static c => new[] { char.ToLowerInvariant(c), char.ToUpperInvariant(c) }).ToHashSet();
        _outsideWords = SearchValues.Create([.. Enumerable.Range(0, 128).Select(static c => (char)c).Where(c => !inWords.Contains(c))]);
    }

    /// <summary>Gets the words.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Whether a word starts (no letter before it) within <paramref name="window"/> characters before
    /// <paramref name="start"/> or after <paramref name="end"/>.</summary>
    /// <remarks>When no word can overlap <c>[start, end)</c> — every character of it, or for an empty range one of the two
    /// around it, is ASCII and in no word — an occurrence lies wholly before or wholly after it, so both windows are
    /// searched in one pass with the same result.</remarks>
    public bool Near(ReadOnlySpan<char> text, int start, int end, int window)
    {
        var from = Math.Max(0, start - window);
        var to = Math.Min(text.Length, end + window);
        var oneWindow = start < end
            ? text[start..end].IndexOfAnyExcept(_outsideWords) < 0
            : start <= 0 || start >= text.Length || _outsideWords.Contains(text[start - 1]) || _outsideWords.Contains(text[start]);
        return oneWindow
            ? Contains(text, from, to)
            : Contains(text, from, start) || Contains(text, end, to);
    }

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
