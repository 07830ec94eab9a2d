using System.Text.RegularExpressions;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Redaction: offsets, adjacent and overlapping findings, styles and non-ASCII text.</summary>
public sealed class DlpRedactionTests
{
    [Fact]
    public void Redact_Placeholder_ReplacesEachFindingWithItsType()
    {
        var key = Fake.AwsKeyId(1);
        var text = $"key {key} mail bob@contoso.com end";
        Assert.Equal("key [REDACTED:aws_access_key_id] mail [REDACTED:email_address] end", DlpAssert.Scanner.Redact(text));
    }

    [Fact]
    public void Redact_CleanText_ReturnsSameInstance()
    {
        var text = "nothing to see here " + Guid.Empty;
        Assert.Same(text, DlpAssert.Scanner.Redact(text));
    }

    [Fact]
    public void Scan_NonAsciiBeforeFinding_OffsetsCountUtf16Units()
    {
        var text = "日本語のテキスト 😀 Ünïcödé — bob@contoso.com ✓";
        var finding = Assert.Single(DlpAssert.Scanner.Scan(text));
        Assert.Equal("bob@contoso.com", text.Substring(finding.Start, finding.Length));
        Assert.Equal("日本語のテキスト 😀 Ünïcödé — [REDACTED:email_address] ✓", DlpAssert.Scanner.Redact(text));
    }

    [Fact]
    public void Redact_AdjacentFindings_ReplacesBoth()
    {
        var scanner = new DlpScanner(CustomOptions("employee_id", "EMP[0-9]{4}"));
        Assert.Equal("[REDACTED:employee_id][REDACTED:employee_id], [REDACTED:email_address],[REDACTED:email_address]",
            scanner.Redact("EMP1234EMP5678, a@contoso.com,b@contoso.com"));
    }

    [Fact]
    public void Redact_OverlappingFindings_RedactsTheUnion()
    {
        var card = Fake.Card("45", 16, 8);

        // The custom detector covers the card's tail and more; neither part may survive.
        var scanner = new DlpScanner(CustomOptions("order_ref", card[8..] + "-X[0-9]{3}"));
        var text = $"pay {card}-X123 now";
        var finding = Assert.Single(scanner.Scan(text));
        Assert.Equal(card + "-X123", text.Substring(finding.Start, finding.Length));
        var redacted = scanner.Redact(text);
        Assert.DoesNotContain(card[..4], redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("X123", redacted, StringComparison.Ordinal);
        Assert.Equal("pay [REDACTED:order_ref] now", redacted);
    }

    [Fact]
    public void Redact_Mask_KeepsLastFourOfLongValues()
    {
        var scanner = new DlpScanner(new DlpOptions { Redaction = DlpRedactionStyle.Mask });
        var card = Fake.Card("45", 16, 3);
        Assert.Equal($"card {new string('*', 12)}{card[^4..]} ssn *******1234", scanner.Redact($"card {card} ssn 536-22-1234"));
        Assert.Equal("ip ********", scanner.Redact("ip 10.1.2.3"));
    }

    [Fact]
    public void Redact_Hash_IsKeyedStableAndHidesTheValue()
    {
        var a = new DlpScanner(new DlpOptions { Redaction = DlpRedactionStyle.Hash, HmacKey = "correlation-key-0123456789" });
        var b = new DlpScanner(new DlpOptions { Redaction = DlpRedactionStyle.Hash, HmacKey = "another-key-abcdefghijklmn" });
        var first = a.Redact("to bob@contoso.com");
        Assert.Matches(new Regex("^to \\[REDACTED:email_address:hmac:[0-9a-f]{16}\\]$"), first);
        Assert.Equal(first, a.Redact("to bob@contoso.com"));
        Assert.NotEqual(first, a.Redact("to ann@contoso.com"));
        Assert.NotEqual(first, b.Redact("to bob@contoso.com"));
        Assert.DoesNotContain("bob", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_LoneSurrogates_AreReplacedAndDoNotThrow()
    {
        var text = "bad \uD800 text bob@contoso.com \uDC00 end";
        var redacted = DlpAssert.Scanner.Redact(text);
        Assert.Equal("bad \uFFFD text [REDACTED:email_address] \uFFFD end", redacted);
    }

    [Fact]
    public void Scan_MinimumConfidence_DropsWeakerFindings()
    {
        var text = "test card 4111111111111111 and host 127.0.0.1 and bob@contoso.com";
        Assert.Equal(3, DlpAssert.Scanner.Scan(text).Count);
        var strict = new DlpScanner(new DlpOptions { MinimumConfidence = DlpConfidence.Medium });
        Assert.Equal(DlpDetectorNames.EmailAddress, Assert.Single(strict.Scan(text)).Detector);
    }

    [Fact]
    public void Scan_EnabledAndDisabledDetectors_AreRespected()
    {
        var text = $"{Fake.AwsKeyId(2)} bob@contoso.com 10.1.2.3";
        var only = new DlpOptions();
        only.EnabledDetectors.Add(DlpDetectorNames.EmailAddress);
        Assert.Equal(DlpDetectorNames.EmailAddress, Assert.Single(new DlpScanner(only).Scan(text)).Detector);
        var without = new DlpOptions();
        without.DisabledDetectors.Add(DlpDetectorNames.EmailAddress);
        Assert.DoesNotContain(new DlpScanner(without).Scan(text), d => d.Detector == DlpDetectorNames.EmailAddress);
        Assert.Equal(2, new DlpScanner(without).Scan(text).Count);
    }

    [Fact]
    public void Scan_SpecificDetectorOverlapsGenericOne_SpecificNameWins()
    {
        var token = "gh" + "p_" + Fake.Alnum(36, 11);
        var finding = Assert.Single(DlpAssert.Scanner.Scan($"GITHUB_TOKEN={token}"));
        Assert.Equal(DlpDetectorNames.GitHubPersonalAccessToken, finding.Detector);
    }

    [Fact]
    public void Scan_ZeroWidthCharactersInsideASecret_StillFindsAndRedactsIt()
    {
        var key = Fake.AwsKeyId(9);
        var hidden = key[..4] + "\u200B" + key[4..10] + "\u2060\uFEFF" + key[10..];
        var text = $"send {hidden} now";
        var finding = Assert.Single(DlpAssert.Scanner.Scan(text));
        Assert.Equal((DlpDetectorNames.AwsAccessKeyId, 5, hidden.Length), (finding.Detector, finding.Start, finding.Length));
        Assert.Equal("send [REDACTED:aws_access_key_id] now", DlpAssert.Scanner.Redact(text));
    }

    [Theory]
    [InlineData('\u00AD')]
    [InlineData('\u180E')]
    [InlineData('\u200B')]
    [InlineData('\u200C')]
    [InlineData('\u200D')]
    [InlineData('\u2060')]
    [InlineData('\u2061')]
    [InlineData('\u2062')]
    [InlineData('\u2063')]
    [InlineData('\u2064')]
    [InlineData('\uFEFF')]
    public void Scan_EachInvisibleCharacterInsideASecretAmongOtherNonAscii_StillFindsIt(char invisible)
    {
        var key = Fake.AwsKeyId(4);
        var hidden = key[..8] + invisible + key[8..];
        var text = $"caf\u00E9 \u2014 send {hidden} \u2192 now";
        var finding = Assert.Single(DlpAssert.Scanner.Scan(text));
        Assert.Equal((DlpDetectorNames.AwsAccessKeyId, text.IndexOf(hidden, StringComparison.Ordinal), hidden.Length), (finding.Detector, finding.Start, finding.Length));
    }

    [Fact]
    public void ContainsInvisible_EveryCharacter_OnlyTheInvisibleOnes()
    {
        const string Invisible = "\u00AD\u180E\u200B\u200C\u200D\u2060\u2061\u2062\u2063\u2064\uFEFF";
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var text = "abc\u00E9" + (char)c + "def";
            Assert.Equal(Invisible.Contains((char)c, StringComparison.Ordinal), DlpScanner.ContainsInvisible(text));
        }
    }

    internal static DlpOptions CustomOptions(string name, string pattern)
    {
        var options = new DlpOptions();
        options.CustomDetectors.Add(new DlpCustomDetector { Name = name, Pattern = pattern });
        return options;
    }
}
