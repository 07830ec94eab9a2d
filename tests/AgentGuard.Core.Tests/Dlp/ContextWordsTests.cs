namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Context words count only before or after a match, never inside it or across its edges, whether the two windows are
/// searched apart or (when no word can overlap the match) in one pass.</summary>
public sealed class ContextWordsTests
{
    private static readonly ContextWords Words = new("ssn", "host", "ss #");

    [Theory]
    [InlineData("ssn: 536-22-1234", 5, 16, true)]
    [InlineData("536-22-1234 (SSN)", 0, 11, true)]
    [InlineData("536-22-1234 and more words here", 0, 11, false)]
    [InlineData("xssn 536-22-1234", 5, 16, false)]
    [InlineData("ss #536-22-1234", 4, 15, true)]
    [InlineData("a host is far away from 536-22-1234", 24, 35, false)]
    public void Near_NonEmptyMatch_WordWithinWindowOnEitherSide(string text, int start, int end, bool expected) =>
        Assert.Equal(expected, Words.Near(text, start, end, 12));

    [Fact]
    public void Near_WordInsideTheMatch_NotCounted()
    {
        var text = "card 4111 host 1111";
        Assert.False(Words.Near(text, 5, text.Length, 3));
        Assert.True(Words.Near(text, 15, text.Length, 10));
    }

    [Theory]
    [InlineData("my-host", 5, false)]
    [InlineData("my-host", 3, true)]
    [InlineData("my-host", 7, true)]
    [InlineData("my-ss #1", 5, false)]
    [InlineData("host10.0.0.1", 4, true)]
    [InlineData("1.0.0.1 host", 0, true)]
    [InlineData("10.0.0.1 host", 0, false)]
    [InlineData("ho10.0.0.1st", 2, false)]
    public void Near_EmptyMatch_WordAcrossThePositionNotCounted(string text, int at, bool expected) =>
        Assert.Equal(expected, Words.Near(text, at, at, 12));

    [Fact]
    public void Near_NonAsciiInTheMatch_SearchesBothWindowsApart()
    {
        Assert.True(Words.Near("ssn \u00E9\u00E9\u00E9", 4, 7, 6));
        Assert.False(Words.Near("s\u00E9sn", 1, 2, 6));
    }
}
