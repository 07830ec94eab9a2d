namespace AgentGuard.Core.Tests.Arguments;

public sealed class UnboundedValueTests
{
    [Theory]
    [InlineData(".*")]
    [InlineData("^.*$")]
    [InlineData("[\\s\\S]*")]
    [InlineData("(.*)")]
    [InlineData(".{0,}")]
    [InlineData("(\\w|\\W)+")]
    [InlineData("*")]
    [InlineData("%")]
    [InlineData("%%")]
    [InlineData("a*")]
    [InlineData("1=1")]
    [InlineData("x' or '1'='1")]
    [InlineData("\"a\" = \"a\"")]
    [InlineData("OR TRUE")]
    [InlineData("")]
    [InlineData("\t ")]
    [InlineData("﹪")] // small percent sign, NFKC → %
    public void IsUnbounded_MatchAll_True(string value)
    {
        Assert.True(UnboundedValue.IsUnbounded(value, out var reason));
        Assert.NotEmpty(reason);
    }

    [Theory]
    [InlineData("smith")]
    [InlineData("acme.example")]
    [InlineData("C123456")]
    [InlineData("1=2")]
    [InlineData("a+b")]
    [InlineData("[urgent] printer")]
    [InlineData("version 1.2.3")]
    [InlineData("\\d{6}")]
    [InlineData("status=open")]
    public void IsUnbounded_Ordinary_False(string value) => Assert.False(UnboundedValue.IsUnbounded(value, out _));

    [Fact]
    public void IsUnbounded_HugeValue_Bounded()
    {
        var huge = string.Concat(Enumerable.Repeat("1=", 200_000));
        _ = UnboundedValue.IsUnbounded(huge, out _); // must simply return
    }

    [Theory]
    [InlineData("^C[0-9]{6}$", "^C[0-9]{6}\\z")]
    [InlineData("abc\\$", "abc\\$")]
    [InlineData("abc\\\\$", "abc\\\\\\z")]
    [InlineData("abc", "abc")]
    public void AnchorEnd_RewritesOnlyUnescapedFinalDollar(string pattern, string expected) =>
        Assert.Equal(expected, SafeRegex.AnchorEnd(pattern));

    [Theory]
    [InlineData("tickets.*", "tickets.get", true)]
    [InlineData("tickets.*", "tickets.admin.delete", true)]
    [InlineData("tickets.*", "tickets", false)]
    [InlineData("tickets.*", "xtickets.get", false)]
    [InlineData("*.read", "crm.read", true)]
    [InlineData("crm.get_?", "crm.get_x", true)]
    [InlineData("crm.get_?", "crm.get_xy", false)]
    [InlineData("*", "anything", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    public void Glob_Matches(string pattern, string text, bool expected) => Assert.Equal(expected, Glob.IsMatch(pattern, text));

    [Fact]
    public void Glob_PathologicalPattern_Linearish()
    {
        var pattern = string.Concat(Enumerable.Repeat("a*", 50)) + "b";
        Assert.False(Glob.IsMatch(pattern, new string('a', 5_000)));
    }
}
