namespace AgentGuard.Core.Tests.Dlp;

/// <summary>True positives and near-misses for the personal-data detectors.</summary>
public sealed class PiiDetectorTests
{
    public static TheoryData<string, string> Cards()
    {
        var data = new TheoryData<string, string>();
        (string Prefix, int Length)[] issuers = [("4", 16), ("51", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16), ("3528", 16), ("36", 14), ("62", 19), ("4", 13)];
        for (var i = 0; i < issuers.Length; i++)
        {
            var number = Fake.Card(issuers[i].Prefix, issuers[i].Length, i + 10);
            var shown = (i % 3) switch
            {
                0 => number,
                1 => Group(number, ' '),
                _ => Group(number, '-'),
            };
            string[] contexts = ["card: {0}", "{{\"pan\":\"{0}\"}}", "charged {0} today", "{0}", "Visa {0} exp 12/27"];
            data.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, contexts[i % contexts.Length], shown), shown);
        }

        return data;
    }

    public static TheoryData<string> CardNearMisses()
    {
        var visa = Fake.Card("4", 16, 1);
        return new TheoryData<string>
        {
            Fake.BreakLuhn(visa),                         // Luhn fails
            Fake.Card("9", 16, 2),                        // no issuer starts with 9
            Fake.Card("4", 15, 3),                        // Visa is never 15 digits
            Fake.Card("34", 16, 4),                       // Amex is 15 digits
            "1" + visa,                                    // part of a longer digit run
            visa + "7",                                   // part of a longer digit run
            "id-" + visa[..8] + "-" + visa[8..],          // 8-8 grouping is not a card layout
            "0000000000000000",                           // repeated digits
            "ts=1714567890123456",                        // a nanosecond-style timestamp
            "order " + visa + "abc",                      // glued to letters
            "v" + visa,                                   // glued to a letter
            visa[..4] + "  " + visa[4..8] + " " + visa[8..], // double space breaks the grouping
        };
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public void Scan_CardNumber_Finds(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.CreditCard, expected);

    [Theory]
    [MemberData(nameof(CardNearMisses))]
    public void Scan_CardNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.CreditCard);

    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("4242 4242 4242 4242")]
    [InlineData("5555-5555-5555-4444")]
    [InlineData("378282246310005")]
    public void Scan_DocumentedTestCard_ReportsLowConfidence(string number)
    {
        Assert.Equal(DlpConfidence.Low, DlpAssert.Finds($"card {number}", DlpDetectorNames.CreditCard, number).Confidence);
        var strict = new DlpScanner(new DlpOptions { MinimumConfidence = DlpConfidence.Medium });
        DlpAssert.DoesNotFind($"card {number}", DlpDetectorNames.CreditCard, strict);
    }

    [Theory]
    [InlineData("SSN 536-22-1234", "536-22-1234")]
    [InlineData("ssn: 536221234", "536221234")]
    [InlineData("social security number 401 55 6789", "401 55 6789")]
    [InlineData("{\"ssn\":\"212-09-9999\"}", "212-09-9999")]
    [InlineData("applicant 665-12-3456 approved", "665-12-3456")]
    [InlineData("078-05-1123", "078-05-1123")]
    [InlineData("SSN:772.12.3456", "772.12.3456")]
    [InlineData("his SSN is 001-01-0001.", "001-01-0001")]
    [InlineData("ids: 123-45-6780, 222-33-4444", "222-33-4444")]
    [InlineData("employee ssn=899-99-9999;", "899-99-9999")]
    public void Scan_Ssn_Finds(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.UsSsn, expected);

    [Theory]
    [InlineData("000-12-3456")]      // area 000
    [InlineData("666-12-3456")]      // area 666
    [InlineData("912-12-3456")]      // area 9xx (ITINs, never SSNs)
    [InlineData("536-00-1234")]      // group 00
    [InlineData("536-22-0000")]      // serial 0000
    [InlineData("123-45-6789")]      // the advertising example
    [InlineData("078-05-1120")]      // the Woolworth wallet card
    [InlineData("536221234")]        // nine bare digits without context
    [InlineData("536-22 1234")]      // mixed separators
    [InlineData("1536-22-1234")]     // part of a longer number
    [InlineData("536-22-12345")]     // serial too long
    [InlineData("111-11-1111")]      // repeated digit
    [InlineData("tel 536-22-1234-5")] // part of a longer dashed number
    public void Scan_SsnNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.UsSsn);

    public static TheoryData<string, string> Ibans()
    {
        var data = new TheoryData<string, string>();
        (string Country, int Bban)[] countries = [("DE", 18), ("FR", 23), ("GB", 18), ("NL", 14), ("ES", 20), ("IT", 23), ("CH", 17), ("BE", 12), ("PL", 24), ("NO", 11)];
        for (var i = 0; i < countries.Length; i++)
        {
            var iban = Fake.Iban(countries[i].Country, countries[i].Bban, i);
            var shown = i % 2 == 0 ? iban : string.Join(' ', iban.Chunk(4).Select(static c => new string(c)));
            data.Add(i % 3 == 0 ? $"IBAN: {shown}" : i % 3 == 1 ? $"{{\"iban\":\"{shown}\"}}" : $"pay to {shown} by Friday", shown);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ibans))]
    public void Scan_Iban_Finds(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.Iban, expected);

    [Fact]
    public void Scan_IbanNearMisses_DoNotReport()
    {
        var iban = Fake.Iban("DE", 18, 1);
        string[] misses =
        [
            iban[..2] + ((iban[2] - '0' + 1) % 10) + iban[3..],   // check digits wrong
            iban[..^1] + ((iban[^1] - '0' + 1) % 10),               // BBAN digit wrong
            iban[..^1],                                            // too short for DE
            iban + "1",                                            // too long for DE
            "XX" + iban[2..],                                      // unknown country
            iban.ToLowerInvariant(),                               // lower case
            "A" + iban,                                            // glued to a letter
            "SHA256 " + Fake.Digits(30, 2),                         // letters and digits but not an IBAN
            Fake.Iban("FR", 23, 3)[..20],                          // truncated
            "DE" + new string('0', 20),                            // zeros
        ];
        foreach (var text in misses)
        {
            DlpAssert.DoesNotFind(text, DlpDetectorNames.Iban);
        }
    }

    [Theory]
    [InlineData("mail john.smith@contoso.com now", "john.smith@contoso.com")]
    [InlineData("<a href=\"mailto:ana+tag@mail.co.uk\">", "ana+tag@mail.co.uk")]
    [InlineData("{\"to\":\"o'brien@sub.domain.org\"}", "o'brien@sub.domain.org")]
    [InlineData("Contact: FIRST_LAST@EXAMPLE-CORP.COM.", "FIRST_LAST@EXAMPLE-CORP.COM")]
    [InlineData("x@y.io", "x@y.io")]
    [InlineData("cc: a.b-c@host.travel, d@e.fr", "a.b-c@host.travel")]
    [InlineData("user99@gmail.com", "user99@gmail.com")]
    [InlineData("(jane.doe@company.internal)", "jane.doe@company.internal")]
    [InlineData("name=bob%20x@corp.net&y=1", "bob%20x@corp.net")]
    [InlineData("Émile <emile@universite.fr>", "emile@universite.fr")]
    public void Scan_Email_Finds(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.EmailAddress, expected);

    [Theory]
    [InlineData("icon@2x.png")]
    [InlineData("npm install lodash@4.17.21")]
    [InlineData("git@github.com:org/repo.git")]
    [InlineData("@decorator")]
    [InlineData("user@localhost")]
    [InlineData("a@b")]
    [InlineData("john..smith@contoso.com")]
    [InlineData("john.@contoso.com")]
    [InlineData("me@-bad.com")]
    [InlineData("x@y.c")]
    [InlineData("@scope/package@1.2.3")]
    [InlineData("foo@bar.123")]
    public void Scan_EmailNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.EmailAddress);

    [Theory]
    [InlineData("call +1 (415) 555-2671 now", "+1 (415) 555-2671")]
    [InlineData("tel:+14155552671", "+14155552671")]
    [InlineData("Phone: 415-555-2671", "415-555-2671")]
    [InlineData("(415) 555-2671", "(415) 555-2671")]
    [InlineData("415.555.2671", "415.555.2671")]
    [InlineData("+44 20 7946 0958", "+44 20 7946 0958")]
    [InlineData("mobile 020 7946 0958", "020 7946 0958")]
    [InlineData("+49-30-1234567", "+49-30-1234567")]
    [InlineData("phone: 4155552671", "4155552671")]
    [InlineData("{\"phone\":\"+33 1 23 45 67 89\"}", "+33 1 23 45 67 89")]
    [InlineData("1-800-555-2671", "1-800-555-2671")]
    public void Scan_Phone_Finds(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.PhoneNumber, expected);

    [Theory]
    [InlineData("2024-05-01 12:34:56")]
    [InlineData("id 4155552671")]         // ten bare digits without a phone keyword
    [InlineData("415-555-26710")]        // too long
    [InlineData("115-555-2671")]         // area code cannot start with 1
    [InlineData("415-155-2671")]         // exchange cannot start with 1
    [InlineData("415-555.2671")]         // mixed separators
    [InlineData("version 1.2.3.4567")]
    [InlineData("+1 2")]
    [InlineData("10.0.0.1")]
    [InlineData("ISBN 978-3-16-148410-0")]
    [InlineData("+12345")]
    [InlineData("1714567890")]            // epoch seconds
    public void Scan_PhoneNearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.PhoneNumber);

    [Theory]
    [InlineData("server 10.1.2.3 up", "10.1.2.3")]
    [InlineData("client=192.168.0.17:443", "192.168.0.17")]
    [InlineData("[8.8.8.8]", "8.8.8.8")]
    [InlineData("from 203.0.114.9,", "203.0.114.9")]
    [InlineData("X-Forwarded-For: 81.2.69.160", "81.2.69.160")]
    [InlineData("10.0.0.0/8", "10.0.0.0")]
    [InlineData("{\"ip\":\"172.16.254.1\"}", "172.16.254.1")]
    [InlineData("host 1.1.1.1", "1.1.1.1")]
    [InlineData("ssh admin@100.64.12.5", "100.64.12.5")]
    [InlineData("ip=255.255.254.1", "255.255.254.1")]
    public void Scan_IPv4_Finds(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.IPv4Address, expected);

    [Theory]
    [InlineData("version 1.2.3.4")]
    [InlineData("Version=4.0.0.0")]
    [InlineData("v1.2.3.4")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("OID 1.3.6.1.4.1")]
    [InlineData("01.02.03.04")]
    [InlineData("mask 255.255.255.0")]
    [InlineData("1.2.3.4a")]
    [InlineData("build 10.0.19041.1")]
    public void Scan_IPv4NearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.IPv4Address);

    [Theory]
    [InlineData("addr 2a00:1450:4001:81a::200e ok", "2a00:1450:4001:81a::200e")]
    [InlineData("[2606:4700:4700::1111]:443", "2606:4700:4700::1111")]
    [InlineData("2001:0db9:85a3:0000:0000:8a2e:0370:7334", "2001:0db9:85a3:0000:0000:8a2e:0370:7334")]
    [InlineData("ip=::ffff:192.0.2.128", "::ffff:192.0.2.128")]
    [InlineData("fd12:3456:789a:1::1", "fd12:3456:789a:1::1")]
    [InlineData("{\"ip\":\"2600:1f18:aaaa:bbbb::5\"}", "2600:1f18:aaaa:bbbb::5")]
    [InlineData("from 2001:4860:4860::8888,", "2001:4860:4860::8888")]
    [InlineData("fe80::1ff:fe23:4567:890a", "fe80::1ff:fe23:4567:890a")]
    [InlineData("2001:db8::ff00:42:8329", "2001:db8::ff00:42:8329")]
    [InlineData("a:b:c:d:e:f:1:2", "a:b:c:d:e:f:1:2")]
    public void Scan_IPv6_Finds(string text, string expected) => DlpAssert.Finds(text, DlpDetectorNames.IPv6Address, expected);

    [Theory]
    [InlineData("12:34:56")]
    [InlineData("00:1a:2b:3c:4d:5e")]
    [InlineData("std::vector<int>")]
    [InlineData("Foo::Bar::Baz")]
    [InlineData("a::b")]
    [InlineData("::")]
    [InlineData("2001:db8:::1")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("12345::1")]
    [InlineData("\"key\":\"value\"")]
    [InlineData("2024-05-01T12:34:56.789+02:00")]
    public void Scan_IPv6NearMiss_DoesNotReport(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.IPv6Address);

    private static string Group(string number, char separator) => number.Length == 15
        ? $"{number[..4]}{separator}{number[4..10]}{separator}{number[10..]}"
        : string.Join(separator, number.Chunk(4).Select(static c => new string(c)));
}
