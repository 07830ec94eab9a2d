namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Assertions over a default scanner's findings.</summary>
internal static class DlpAssert
{
    public static DlpScanner Scanner { get; } = new();

    /// <summary>Asserts that <paramref name="detector"/> reports <paramref name="expected"/> in <paramref name="text"/>: exactly,
    /// or (when another detector saw a larger overlapping value, such as a whole connection string assigned to a secret-sounding
    /// name) within one merged finding that covers it.</summary>
    public static DlpDetection Finds(string text, string detector, string expected, DlpScanner? scanner = null)
    {
        var findings = (scanner ?? Scanner).Scan(text);
        var match = findings.Where(f => f.Detector == detector && text.Substring(f.Start, f.Length) == expected).ToList();
        if (match.Count == 0)
        {
            match = [.. findings.Where(f => f.Detector == detector && text.Substring(f.Start, f.Length).Contains(expected, StringComparison.Ordinal))];
        }

        Assert.True(match.Count == 1, $"expected {detector} to find its value in the text; found: {Describe(text, findings)}");
        return match[0];
    }

    /// <summary>Asserts that <paramref name="detector"/> reports nothing in <paramref name="text"/>.</summary>
    public static void DoesNotFind(string text, string detector, DlpScanner? scanner = null)
    {
        var findings = (scanner ?? Scanner).Scan(text);
        Assert.False(findings.Any(f => f.Detector == detector), $"expected no {detector}; found: {Describe(text, findings)}");
    }

    /// <summary>Asserts that nothing at all is reported.</summary>
    public static void Clean(string text, DlpScanner? scanner = null)
    {
        var findings = (scanner ?? Scanner).Scan(text);
        Assert.True(findings.Count == 0, $"expected no findings; found: {Describe(text, findings)}");
    }

    private static string Describe(string text, IReadOnlyList<DlpDetection> findings) =>
        findings.Count == 0 ? "nothing" : string.Join(", ", findings.Select(f => $"{f.Detector}@{f.Start}+{f.Length}({f.Confidence})"));
}
