namespace AgentGuard.Core.Tests.Behavior;

public sealed class ValueTokenizerTests
{
    private static readonly Fingerprinter s_fingerprinter = new(Convert.ToBase64String(new byte[16]));

    [Theory]
    [InlineData("maria.k@mail.example.org", "write to MARIA.K@MAIL.EXAMPLE.ORG today")]
    [InlineData("NL91ABNA0417164300", "iban: NL91 ABNA 0417 1643 00.")]
    [InlineData("+31 (20) 555-0199", "call 20 555 0199 please")]
    [InlineData("4111 1111 1111 1111", "4111111111111111")]
    [InlineData("ACC-99812377", "(acc99812377)")]
    [InlineData("Maria Kowalczyk", "Dear MARIA   KOWALCZYK, hello")]
    [InlineData("name: Jan de Vries, city: Delft", "jan de vries")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "id=3F2504E0-4F89-11D3-9A0C-0305E82C3301")]
    public void Scan_SourceValue_IsFoundInSinkText(string source, string sink)
    {
        var remembered = Strong(source, phraseWindows: false);

        Assert.NotEmpty(remembered);
        Assert.True(remembered.Overlaps(Strong(sink, phraseWindows: true)));
    }

    [Theory]
    [InlineData("2025-12-03", "due 2025-12-03")]
    [InlineData("active", "account is active")]
    [InlineData("12345", "order 12345")]
    [InlineData("customer account updated", "customer")]
    public void Scan_DatesShortNumbersAndSingleWords_AreNotStrong(string source, string sink)
    {
        Assert.False(Strong(source, phraseWindows: false).Overlaps(Strong(sink, phraseWindows: true)));
    }

    [Fact]
    public void Scan_LongWords_AreWeak()
    {
        var sink = new Collect();

        ValueTokenizer.Scan("reconciliation done", s_fingerprinter, ref sink, phraseWindows: false);

        Assert.Single(sink.Weak);
    }

    [Fact]
    public void Scan_SameTextDifferentKey_GivesDifferentFingerprints()
    {
        var other = new Fingerprinter(Convert.ToBase64String([.. Enumerable.Range(1, 16).Select(static i => (byte)i)]));
        var a = new Collect();
        var b = new Collect();

        ValueTokenizer.Scan("maria.k@mail.example.org", s_fingerprinter, ref a, phraseWindows: false);
        ValueTokenizer.Scan("maria.k@mail.example.org", other, ref b, phraseWindows: false);

        Assert.False(a.Strong.Overlaps(b.Strong));
    }

    private static HashSet<ulong> Strong(string text, bool phraseWindows)
    {
        var sink = new Collect();
        ValueTokenizer.Scan(text, s_fingerprinter, ref sink, phraseWindows);
        return sink.Strong;
    }

    private struct Collect() : ITokenSink
    {
        public HashSet<ulong> Strong { get; } = [];

        public HashSet<ulong> Weak { get; } = [];

        void ITokenSink.Strong(ulong fingerprint) => Strong.Add(fingerprint);

        void ITokenSink.Weak(ulong fingerprint) => Weak.Add(fingerprint);
    }
}
