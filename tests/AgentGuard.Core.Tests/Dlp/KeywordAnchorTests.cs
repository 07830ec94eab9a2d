namespace AgentGuard.Core.Tests.Dlp;

/// <summary>How keyword anchors are verified at a hit: case rules, anchors longer than the four characters compared at once, and
/// anchors too close to the end of the text for that comparison.</summary>
public sealed class KeywordAnchorTests
{
    private const string Value = "Xk12#mQ2vLp9";

    [Theory]
    [InlineData("password")]
    [InlineData("PASSWORD")]
    [InlineData("PaSsWoRd")]
    [InlineData("pWD")]
    [InlineData("Client_SECRET")]
    [InlineData("X-Api-KEY")]
    [InlineData("Credential")]
    public void Scan_CaseInsensitiveKeywordInAnyCase_FindsValue(string name) =>
        DlpAssert.Finds($"{name} = \"{Value}\"", DlpDetectorNames.GenericSecret, Value);

    [Fact]
    public void Scan_CaseSensitivePrefixInOtherCase_NotFound()
    {
        var body = Fake.Alnum(36, 3);
        DlpAssert.Finds("gh" + "p_" + body, DlpDetectorNames.GitHubPersonalAccessToken, "gh" + "p_" + body);
        DlpAssert.DoesNotFind("GH" + "P_" + body, DlpDetectorNames.GitHubPersonalAccessToken);
        DlpAssert.DoesNotFind("Gh" + "p_" + body, DlpDetectorNames.GitHubPersonalAccessToken);
        DlpAssert.DoesNotFind("gh" + "P_" + body, DlpDetectorNames.GitHubPersonalAccessToken);
    }

    [Fact]
    public void Scan_AnchorsLongerThanFourCharactersDifferingLate_OnlyTheExactOneMatches()
    {
        // "xoxb-" and "xoxe.xoxb-" share their first four characters with "xoxa-", "xoxp-"...: the fifth decides.
        var body = "1234567890-1234567890-" + Fake.Alnum(24, 5);
        DlpAssert.Finds("xo" + "xb-" + body, DlpDetectorNames.SlackToken, "xo" + "xb-" + body);
        DlpAssert.DoesNotFind("xo" + "xz-" + body, DlpDetectorNames.SlackToken);
        DlpAssert.Finds($"passphrase = \"{Value}\"", DlpDetectorNames.GenericSecret, Value);
        DlpAssert.DoesNotFind($"passport = \"{Value}\"", DlpDetectorNames.GenericSecret);
    }

    [Fact]
    public void Scan_AnchorsCutOffByTheEndOfText_NoFindingNoError()
    {
        foreach (var anchor in new[] { "ke", "key", "pwd", "hf_", "r8_", "sig=", "AKIA", "ghp_", "AccountKey=", "password" })
        {
            for (var cut = 1; cut <= anchor.Length; cut++)
            {
                DlpAssert.Clean("text ends with " + anchor[..cut]);
            }
        }
    }

    [Fact]
    public void Scan_NonAsciiRightAfterAnchor_ComparedInFull()
    {
        DlpAssert.DoesNotFind($"pwd\u00E9 = \"{Value}\"", DlpDetectorNames.GenericSecret);
        DlpAssert.Finds($"\u00E9t\u00E9 password = \"{Value}\"", DlpDetectorNames.GenericSecret, Value);
        DlpAssert.Finds($"pwd = \"{Value}\u00E9\u00E9\"", DlpDetectorNames.GenericSecret, Value + "\u00E9\u00E9");
    }
}
