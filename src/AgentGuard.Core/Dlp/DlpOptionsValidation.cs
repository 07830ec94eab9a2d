using System.Text.RegularExpressions;

namespace AgentGuard;

/// <summary>Checks <see cref="DlpOptions"/> as a whole and lists every error at once.</summary>
internal static partial class DlpOptionsValidation
{
    public static List<string> ValidateCustomDetector(DlpCustomDetector detector)
    {
        var errors = new List<string>();
        if (detector is null)
        {
            errors.Add("a custom detector is null");
            return errors;
        }

        if (string.IsNullOrEmpty(detector.Name) || !NamePattern().IsMatch(detector.Name))
        {
            errors.Add($"custom detector name '{detector.Name}' must match [a-z0-9][a-z0-9_.-]*");
        }

        if (string.IsNullOrEmpty(detector.Pattern))
        {
            errors.Add($"custom detector '{detector.Name}' has no pattern");
        }
        else
        {
            try
            {
                _ = RegexDlpDetector.CreateRegex(detector.Pattern);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"custom detector '{detector.Name}' has an invalid pattern: {ex.Message}");
            }
        }

        if (detector.KeywordWindow is < 0 or > 4096)
        {
            errors.Add($"custom detector '{detector.Name}' keyword window must be between 0 and 4096");
        }

        if (!Enum.IsDefined(detector.Kind) || !Enum.IsDefined(detector.Validator) || !Enum.IsDefined(detector.Confidence))
        {
            errors.Add($"custom detector '{detector.Name}' has an unknown kind, validator or confidence");
        }

        return errors;
    }

    /// <summary>Validates the options against the names of the detectors that will run with them.</summary>
    public static List<string> Validate(DlpOptions options, IEnumerable<string> codeDetectorNames)
    {
        var errors = new List<string>();
        var builtIn = DlpScanner.BuiltInDetectors.Select(static d => d.Name).ToHashSet(StringComparer.Ordinal);
        var known = new HashSet<string>(builtIn, StringComparer.Ordinal);
        foreach (var custom in options.CustomDetectors)
        {
            errors.AddRange(ValidateCustomDetector(custom));
            if (custom is not null && !known.Add(custom.Name))
            {
                errors.Add($"detector name '{custom.Name}' is used twice");
            }
        }

        foreach (var name in codeDetectorNames)
        {
            if (!known.Add(name))
            {
                errors.Add($"detector name '{name}' is used twice");
            }
        }

        foreach (var name in options.EnabledDetectors.Where(n => !builtIn.Contains(n)))
        {
            errors.Add($"enabled detector '{name}' is not a built-in detector");
        }

        foreach (var name in options.DisabledDetectors.Where(n => !known.Contains(n)))
        {
            errors.Add($"disabled detector '{name}' is not a known detector");
        }

        foreach (var name in options.DetectorActions.Keys.Where(n => !known.Contains(n) && n is not ("secret" or "pii")))
        {
            errors.Add($"detector action '{name}' names neither a known detector nor a kind (secret, pii)");
        }

        if (options.HmacKey is { } key && System.Text.Encoding.UTF8.GetByteCount(key) < DlpDefaults.MinHmacKeyBytes)
        {
            errors.Add($"the HMAC key must be at least {DlpDefaults.MinHmacKeyBytes} bytes");
        }

        if (options.MaxJsonDepth is < 1 or > 100_000)
        {
            errors.Add("the maximum JSON depth must be between 1 and 100000");
        }

        if (!Enum.IsDefined(options.Redaction) || !Enum.IsDefined(options.MinimumConfidence))
        {
            errors.Add("the redaction style or minimum confidence is unknown");
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
