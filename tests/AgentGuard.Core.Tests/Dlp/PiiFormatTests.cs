using System.Globalization;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>The less common ways personal data is written — other separators, international prefixes, lower-case IBANs,
/// compressed and suffixed IPv6, internationalised e-mail — and the near-misses each of them must not open.</summary>
public sealed class PiiFormatTests
{
    public static TheoryData<string, string> Cards()
    {
        var uatp = Fake.Card("1", 15, 31);
        var visa = Fake.Card("4", 16, 32);
        var master = Fake.Card("53", 16, 33);
        var dotted = Group(visa, '.');
        return new TheoryData<string, string>
        {
            { $"UATP card {uatp}", uatp },                                             // air travel cards: 1, 15 digits
            { $"ticket paid with {uatp}.", uatp },
            { $"card {dotted} exp 11/29", dotted },                                     // dots between the groups
            { $"cards: {Group(visa, ' ')} {Group(master, ' ')}", Group(master, ' ') }, // a list: the second follows a card
            { $"cards: {Group(visa, '-')}, {Group(master, '-')}", Group(master, '-') },
        };
    }

    public static TheoryData<string> CardNearMisses()
    {
        var uatp = Fake.Card("1", 15, 41);
        var visa = Fake.Card("4", 16, 42);
        return new TheoryData<string>
        {
            Fake.BreakLuhn(uatp),                                  // Luhn fails
            Fake.Card("1", 16, 43),                                // UATP is 15 digits only
            Fake.Card("1", 14, 44),
            $"XK05 {Group(visa, ' ')} 70",                          // the middle of an IBAN-like grouping
            $"1234 {Group(visa, ' ')}",                             // the tail of a longer grouped number
            $"ref 9A12-{Group(visa, '-')}",
            $"{visa[..4]}.{visa[4..8]}-{visa[8..12]}.{visa[12..]}", // mixed separators
            $"v{Group(visa, '.')}",                                 // glued to a letter
        };
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public void Scan_CardInOtherLayout_Finds(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.CreditCard, expected);

    [Theory]
    [MemberData(nameof(CardNearMisses))]
    public void Scan_CardLayoutNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.CreditCard);

    [Fact]
    public void Scan_ThreeCardsInARow_FindsEach()
    {
        var cards = new[] { Fake.Card("4", 16, 51), Fake.Card("51", 16, 52), Fake.Card("6011", 16, 53) };
        var text = $"{cards[0]} {Group(cards[1], '-')} {Group(cards[2], ' ')}";
        var found = DlpAssert.Scanner.Scan(text).Where(f => f.Detector == DlpDetectorNames.CreditCard).Select(f => text.Substring(f.Start, f.Length));
        Assert.Equal([cards[0], Group(cards[1], '-'), Group(cards[2], ' ')], found);
    }

    public static TheoryData<string, string> Ibans()
    {
        var de = Fake.Iban("DE", 18, 61);
        var fr = Fake.Iban("FR", 23, 62);
        var gb = IbanWithBank("GB", "NWBK", 14, 63);
        var nl = IbanWithBank("NL", "RABO", 10, 64);
        return new TheoryData<string, string>
        {
            { $"iban {Group(de, ' ').ToLowerInvariant()} ok", Group(de, ' ').ToLowerInvariant() },
            { $"iban: {Group(gb, ' ').ToLowerInvariant()}", Group(gb, ' ').ToLowerInvariant() },   // letters in the BBAN
            { $"to {Group(nl, ' ').ToLowerInvariant()}.", Group(nl, ' ').ToLowerInvariant() },
            { $"IBAN {Group(fr, '-')}", Group(fr, '-') },                                          // dashes between the groups
            { $"{Group(gb, '-')}", Group(gb, '-') },
            { $"{Group(de, '-').ToLowerInvariant()}", Group(de, '-').ToLowerInvariant() },
        };
    }

    public static TheoryData<string> IbanNearMisses()
    {
        var de = Group(Fake.Iban("DE", 18, 71), ' ');
        var gb = Group(IbanWithBank("GB", "NWBK", 14, 72), ' ');
        var wrongCheck = de[..2] + (char)('0' + ((de[2] - '0' + 1) % 10)) + de[3..];
        return new TheoryData<string>
        {
            wrongCheck.ToLowerInvariant(),                    // lower case does not excuse a failed checksum
            gb[..5] + gb[5..9].ToLowerInvariant() + gb[9..],  // mixed case
            "gb" + gb[2..],
            de.Replace(' ', '-')[..10] + de.Replace(' ', '-')[10..].Replace('-', ' '), // mixed separators
            "xx" + de[2..].ToLowerInvariant(),                // no such country
            "a" + de.ToLowerInvariant(),                      // glued to a letter
        };
    }

    [Theory]
    [MemberData(nameof(Ibans))]
    public void Scan_IbanInOtherLayout_Finds(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.Iban, expected);

    [Theory]
    [MemberData(nameof(IbanNearMisses))]
    public void Scan_IbanLayoutNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.Iban);

    [Theory]
    [InlineData("call (+41) 44 668 1800 today", "(+41) 44 668 1800")]
    [InlineData("tel 0044 20 7946 0321", "0044 20 7946 0321")]
    [InlineData("dial 00 49 89 1234 5678", "00 49 89 1234 5678")]
    [InlineData("my number is 03-6812345", "03-6812345")]
    [InlineData("phone 0687654321", "0687654321")]
    [InlineData("mobile: 13912345678", "13912345678")]
    [InlineData("call me on 212 7654321", "212 7654321")]
    [InlineData("reach me at 91-212-555-0187", "91-212-555-0187")]
    [InlineData("phones 031 2345678 089-7654321", "031 2345678")]
    [InlineData("phones 031 2345678 089-7654321", "089-7654321")]
    public void Scan_PhoneInOtherLayout_Finds(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.PhoneNumber, expected);

    [Theory]
    [InlineData("id 03-6812345")]                    // nine digits without a phone keyword
    [InlineData("ref 0687654321")]                   // one run of ten without a phone keyword
    [InlineData("order 13912345678")]                // eleven bare digits without a phone keyword
    [InlineData("ref 212 7654321")]                  // 3-7 without a phone keyword
    [InlineData("0049301234567")]                    // 00 prefix without groups
    [InlineData("AB12 3456 0044 1234 5678 90")]      // 00 inside a longer grouped number
    [InlineData("XK05 1212 0532 0130 01")]           // a trunk zero inside a longer grouped number
    [InlineData("(+41 44 668 1800")]                 // unclosed parenthesis
    [InlineData("phone 0000 1234 5678")]             // 00 then a zero country code
    public void Scan_PhoneLayoutNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.PhoneNumber);

    [Theory]
    [InlineData("ssn 536-221234", "536-221234")]
    [InlineData("SSN: 53622-1234", "53622-1234")]
    [InlineData("social security number 401-556789.", "401-556789")]
    public void Scan_SsnWithMisplacedDash_FindsNextToKeyword(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.UsSsn, expected);

    [Theory]
    [InlineData("536-221234")]          // no keyword
    [InlineData("ref 53622-1234")]
    [InlineData("ssn 000-221234")]      // area 000
    [InlineData("ssn 53600-1234")]      // group 00
    [InlineData("ssn 53622-0000")]      // serial 0000
    [InlineData("ssn 536-2212345")]     // too long
    [InlineData("ssn 5362-21234")]      // the dash after four digits
    public void Scan_SsnWithMisplacedDashNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.UsSsn);

    [Theory]
    [InlineData("route 192.168.40.0/22 via gw", "192.168.40.0/22")]
    [InlineData("allow 81.2.69.0/24.", "81.2.69.0/24")]
    [InlineData("listen 0.0.0.0:8080", "0.0.0.0")]
    [InlineData("broadcast 255.255.255.255", "255.255.255.255")]
    [InlineData("net 172.20.0.0", "172.20.0.0")]
    [InlineData("private network 10.0.0.0", "10.0.0.0")]
    public void Scan_IPv4Network_FindsWithPrefix(string text, string expected)
    {
        var finding = DlpAssert.Finds(text, DlpDetectorNames.IPv4Address, expected);
        Assert.Equal(expected, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("10.1.2.3/33", "10.1.2.3")]         // no such prefix length
    [InlineData("10.1.2.3/024", "10.1.2.3")]        // nor written with a leading zero
    [InlineData("see 10.1.2.3/24/index", "10.1.2.3")] // a path, not a prefix
    public void Scan_IPv4WithoutValidPrefix_LeavesItOut(string text, string expected)
    {
        var finding = DlpAssert.Finds(text, DlpDetectorNames.IPv4Address, expected);
        Assert.Equal(expected, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("System.Text.Json 10.0.0.0")]       // an assembly version
    [InlineData("netmask 255.255.255.0")]
    [InlineData("package 4.0.0.0")]
    public void Scan_IPv4NetworkNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.IPv4Address);

    [Theory]
    [InlineData("connect to ::1 now", "::1")]
    [InlineData("[::1]:5000", "::1")]
    [InlineData("compat ::10.1.2.3", "::10.1.2.3")]
    [InlineData("gw fe80::a%en0 up", "fe80::a%en0")]
    [InlineData("gw fe80::21a:2bff:fe3c:4d5e%eth1/64", "fe80::21a:2bff:fe3c:4d5e%eth1/64")]
    [InlineData("prefix 2001:db8:abcd::/48.", "2001:db8:abcd::/48")]
    [InlineData("ula fd00::/8", "fd00::/8")]
    [InlineData("lo ::1/128", "::1/128")]
    [InlineData("nat 64:ff9b::10.1.2.3/96", "64:ff9b::10.1.2.3/96")]
    public void Scan_IPv6OtherForm_Finds(string text, string expected)
    {
        var finding = DlpAssert.Finds(text, DlpDetectorNames.IPv6Address, expected);
        Assert.Equal(expected, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("2001:db8:abcd::/129", "2001:db8:abcd::")] // no such prefix length
    [InlineData("fe80::a%/64", "fe80::a")]                // an empty zone
    public void Scan_IPv6WithoutValidSuffix_LeavesItOut(string text, string expected)
    {
        var finding = DlpAssert.Finds(text, DlpDetectorNames.IPv6Address, expected);
        Assert.Equal(expected, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("fe80::")]              // one group and nothing after
    [InlineData("Foo::1")]              // a C++ or Rust path
    [InlineData("std::1")]
    [InlineData("x ::12 y")]            // only the loopback is one group
    [InlineData("::1x")]
    [InlineData("cafe::/64/x")]         // a path after the prefix... and one group: not an address
    public void Scan_IPv6OtherFormNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.IPv6Address);

    [Theory]
    [InlineData("from Łukasz.Nowak@poczta.pl:", "Łukasz.Nowak@poczta.pl")]
    [InlineData("to user@bücher.de today", "user@bücher.de")]
    [InlineData("почта@пример.рф", "почта@пример.рф")]
    [InlineData("contact josé@correo.es.", "josé@correo.es")]
    public void Scan_InternationalEmail_Finds(string text, string expected)
    {
        var finding = DlpAssert.Finds(text, DlpDetectorNames.EmailAddress, expected);
        Assert.Equal(expected, text.Substring(finding.Start, finding.Length));
    }

    [Theory]
    [InlineData("user@bücher")]         // one label
    [InlineData("josé@correo.e")]       // one-letter top-level domain
    [InlineData("@müller.de")]          // no local part
    [InlineData("josé@correo.1é")]      // a digit in the top-level domain
    public void Scan_InternationalEmailNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.EmailAddress);

    private static string Group(string number, char separator) => string.Join(separator, number.Chunk(4).Select(static c => new string(c)));

    /// <summary>An IBAN whose BBAN starts with a bank code of letters, as British and Dutch ones do.</summary>
    private static string IbanWithBank(string country, string bank, int digits, int seed)
    {
        var bban = bank + Fake.Digits(digits, seed);
        for (var check = 2; check <= 98; check++)
        {
            var candidate = country + check.ToString("00", CultureInfo.InvariantCulture) + bban;
            if (Checksums.Mod97(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable");
    }
}
