namespace AgentGuard.Core.Tests.Dlp;

/// <summary>True positives and near-misses for the US ITIN and passport number detectors.</summary>
public sealed class IdentityNumberDetectorTests
{
    public static TheoryData<string, string> Itins() => new()
    {
        { "ITIN: 912-70-1234", "912-70-1234" },
        { "itin 900 50 4321", "900 50 4321" },
        { "taxpayer id 999-88-1001", "999-88-1001" },
        { "{\"itin\":\"950-65-2468\"}", "950-65-2468" },
        { "filed with 933-90-7777 last year", "933-90-7777" },
        { "ITIN 987941234", "987941234" },
        { "9XX number 901-99-0001 on the W-7", "901-99-0001" },
        { "Individual Taxpayer Identification Number 944-78-1357", "944-78-1357" },
        { "tin: 966-92-5555", "966-92-5555" },
        { "itin=955-83-2020;", "955-83-2020" },
        { "ITIN 970-57-3141", "970-57-3141" },
    };

    [Theory]
    [MemberData(nameof(Itins))]
    public void Scan_Itin_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.UsItin, value);

    public static TheoryData<string> ItinNearMisses() =>
    [
        "ITIN 912-49-1234",          // group 49 is not an ITIN range
        "ITIN 912-66-1234",          // 66-69 unassigned
        "ITIN 912-89-1234",          // 89 unassigned
        "ITIN 912-93-1234",          // 93 unassigned
        "ITIN 812-70-1234",          // does not start with 9
        "ITIN 912-70-0000",          // serial 0000
        "ref 987941234",             // nine bare digits without context
        "order 912 70 1234",         // spaced without context
        "ITIN 912-70-12345",         // serial too long
        "ITIN 912-70-1234-5678",     // part of a longer number
        "ITIN 999-99-9999",          // repeated digit
    ];

    [Theory]
    [MemberData(nameof(ItinNearMisses))]
    public void Scan_ItinNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.UsItin);

    [Fact]
    public void Scan_ItinShapedNumber_IsNotAnSsn() => DlpAssert.DoesNotFind("ITIN: 912-70-1234", DlpDetectorNames.UsSsn);

    public static TheoryData<string, string> Passports() => new()
    {
        { "Passport number: 123456780", "123456780" },             // US / UK: nine digits
        { "passport no. A12345678", "A12345678" },                 // US next generation
        { "PASSPORT: GB 987654321", "987654321" },
        { "Canadian passport AB123456", "AB123456" },
        { "passeport n° 12AB34567", "12AB34567" },                 // France: 2 digits, 2 letters, 5 digits
        { "Indian passport number J8369854", "J8369854" },
        { "{\"passport_number\":\"N1234567\"}", "N1234567" },      // Australia
        { "Reisepass Nr. C01X00T47", "C01X00T47" },                // Germany (the specimen)
        { "pasaporte: XDA123456", "XDA123456" },                   // Spain
        { "passport#YA1234567", "YA1234567" },                     // Italy
        { "her passport is 502135326.", "502135326" },
    };

    [Theory]
    [MemberData(nameof(Passports))]
    public void Scan_PassportNumber_IsFound(string text, string value) => DlpAssert.Finds(text, DlpDetectorNames.PassportNumber, value);

    public static TheoryData<string> PassportNearMisses() =>
    [
        "A12345678",                                   // no passport word
        "order 123456780 shipped",
        "passport photo size 35x45",                   // not a code
        "passport expires 2031-05-01",                 // a date
        "passport number: 12345",                      // too short
        "passport number: 12345678901",                // too long
        "passport number: ABCDEFG12",                  // too many letters
        "passport number: 111111111",                  // repeated
        "passport holder name JOHN",                   // no number
        "passports are processed in 6 weeks",
        "passport number: a1234567x",                  // lower case
        "impassport 123456780",                        // glued word
    ];

    [Theory]
    [MemberData(nameof(PassportNearMisses))]
    public void Scan_PassportNearMiss_IsNotReported(string text) => DlpAssert.DoesNotFind(text, DlpDetectorNames.PassportNumber);
}
