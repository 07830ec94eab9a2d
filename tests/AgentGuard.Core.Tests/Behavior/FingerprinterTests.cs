using Microsoft.Extensions.Options;

namespace AgentGuard.Core.Tests.Behavior;

public sealed class FingerprinterTests
{
    [Fact]
    public void SipHash_ReferenceVector_Matches()
    {
        // SipHash-2-4 paper, appendix A: key 00..0f, message 00..0e.
        var message = Enumerable.Range(0, 15).Select(static i => (byte)i).ToArray();

        var hash = Fingerprinter.SipHash(0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL, message);

        Assert.Equal(0xa129ca6149be45e5UL, hash);
    }

    [Fact]
    public void Create_WithoutKey_SharesOneKeyPerProcess()
    {
        Assert.Equal(Fingerprinter.Create(null).Hash("abc", 1), Fingerprinter.Create(null).Hash("abc", 1));
    }

    [Fact]
    public void Hash_Domains_Differ()
    {
        var fingerprinter = Fingerprinter.Create(null);

        Assert.NotEqual(fingerprinter.Hash("abc", 1), fingerprinter.Hash("abc", 2));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void Constructor_BadKey_Throws(string key) =>
        Assert.Throws<OptionsValidationException>(() => new Fingerprinter(key));
}
