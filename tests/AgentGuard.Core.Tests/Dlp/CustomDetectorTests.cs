namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Detectors from configuration (regex, validator, keywords) and from code (<see cref="IDlpDetector"/>).</summary>
public sealed class CustomDetectorTests
{
    private static DlpScanner Scanner(DlpCustomDetector detector)
    {
        var options = new DlpOptions();
        options.CustomDetectors.Add(detector);
        return new DlpScanner(options);
    }

    [Fact]
    public void Custom_Regex_FindsMatchesWithKindAndConfidence()
    {
        var scanner = Scanner(new DlpCustomDetector { Name = "employee_id", Pattern = "EMP-[0-9]{6}", Kind = DlpKind.Pii, Confidence = DlpConfidence.Medium });
        var finding = DlpAssert.Finds("assigned to EMP-123456 today", "employee_id", "EMP-123456", scanner);
        Assert.Equal((DlpKind.Pii, DlpConfidence.Medium), (finding.Kind, finding.Confidence));
        DlpAssert.DoesNotFind("assigned to EMP-12345 today", "employee_id", scanner);
    }

    [Fact]
    public void Custom_LuhnValidator_RejectsInvalidNumbers()
    {
        var scanner = Scanner(new DlpCustomDetector { Name = "imei", Pattern = "\\b[0-9]{15}\\b", Kind = DlpKind.Pii, Validator = DlpValidator.Luhn });
        var valid = Fake.Card("35", 15, 1);
        DlpAssert.Finds($"imei {valid}", "imei", valid, scanner);
        DlpAssert.DoesNotFind($"imei {Fake.BreakLuhn(valid)}", "imei", scanner);
    }

    [Fact]
    public void Custom_Mod97Validator_RejectsWrongCheckDigits()
    {
        var scanner = Scanner(new DlpCustomDetector { Name = "account", Pattern = "\\bZZ[0-9]{2}[0-9]{10}\\b", Validator = DlpValidator.Mod97 });
        var valid = Fake.Iban("ZZ", 10, 2);
        DlpAssert.Finds($"acct {valid}", "account", valid, scanner);
        DlpAssert.DoesNotFind($"acct {valid[..2]}{(valid[2] == '9' ? '1' : (char)(valid[2] + 1))}{valid[3..]}", "account", scanner);
    }

    [Fact]
    public void Custom_Keywords_MustAppearNearTheMatch()
    {
        var detector = new DlpCustomDetector { Name = "badge", Pattern = "\\b[A-Z]{2}[0-9]{6}\\b", KeywordWindow = 20 };
        detector.Keywords.Add("badge");
        var scanner = Scanner(detector);
        DlpAssert.Finds("Badge: AB123456", "badge", "AB123456", scanner);
        DlpAssert.DoesNotFind("ref AB123456", "badge", scanner);
        DlpAssert.DoesNotFind("badge" + new string(' ', 40) + "AB123456", "badge", scanner);
    }

    [Fact]
    public void Custom_ValueGroup_NarrowsTheFinding()
    {
        var scanner = Scanner(new DlpCustomDetector { Name = "internal_key", Pattern = "ikey=(?<value>[A-Za-z0-9]{12})" });
        var finding = DlpAssert.Finds("url?ikey=Ab12Cd34Ef56&x=1", "internal_key", "Ab12Cd34Ef56", scanner);
        Assert.Equal(9, finding.Start);
    }

    [Fact]
    public void Custom_BacktrackingPattern_StillWorksWithATimeout()
    {
        var scanner = Scanner(new DlpCustomDetector { Name = "ticket", Pattern = "(?<=TICKET:)[0-9]{5}" });
        DlpAssert.Finds("see TICKET:12345", "ticket", "12345", scanner);
    }

    [Fact]
    public void Options_Invalid_ListsEveryError()
    {
        var options = new DlpOptions { HmacKey = "short", MaxJsonDepth = 0 };
        options.CustomDetectors.Add(new DlpCustomDetector { Name = "Bad Name", Pattern = "x" });
        options.CustomDetectors.Add(new DlpCustomDetector { Name = "broken", Pattern = "(unclosed" });
        options.CustomDetectors.Add(new DlpCustomDetector { Name = DlpDetectorNames.EmailAddress, Pattern = "x" });
        options.DetectorActions["no_such_detector"] = DlpAction.Block;
        options.EnabledDetectors.Add("nope");
        var ex = Assert.Throws<ArgumentException>(() => new DlpScanner(options));
        foreach (var expected in new[] { "Bad Name", "broken", "used twice", "no_such_detector", "nope", "HMAC", "depth" })
        {
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Options_KindAndDetectorActionKeys_AreAccepted()
    {
        var options = new DlpOptions();
        options.DetectorActions["pii"] = DlpAction.Allow;
        options.DetectorActions[DlpDetectorNames.CreditCard] = DlpAction.Block;
        _ = new DlpScanner(options);
    }

    [Fact]
    public void CodeDetector_ReportsMatchesAndOutOfRangeOnesAreIgnored()
    {
        var scanner = new DlpScanner(detectors: [new WordDetector("project_codename", "BLUEBIRD")]);
        var finding = DlpAssert.Finds("launch BLUEBIRD now", "project_codename", "BLUEBIRD", scanner);
        Assert.Equal(DlpKind.Secret, finding.Kind);
        Assert.Contains(scanner.Detectors, d => d.Name == "project_codename");
        Assert.Throws<ArgumentException>(() => new DlpScanner(detectors: [new WordDetector(DlpDetectorNames.Jwt, "x")]));
    }

    [Fact]
    public void CodeDetector_Disabled_DoesNotRun()
    {
        var options = new DlpOptions();
        options.DisabledDetectors.Add("project_codename");
        var scanner = new DlpScanner(options, [new WordDetector("project_codename", "BLUEBIRD")]);
        DlpAssert.Clean("launch BLUEBIRD now", scanner);
    }

    private sealed class WordDetector(string name, string word) : IDlpDetector
    {
        public string Name => name;

        public DlpKind Kind => DlpKind.Secret;

        public void Scan(ReadOnlySpan<char> text, ICollection<DlpMatch> matches)
        {
            var i = text.IndexOf(word, StringComparison.Ordinal);
            if (i >= 0)
            {
                matches.Add(new DlpMatch(i, word.Length));
                matches.Add(new DlpMatch(text.Length - 1, 5)); // out of range: ignored
                matches.Add(new DlpMatch(-3, 2));             // out of range: ignored
            }
        }
    }
}
