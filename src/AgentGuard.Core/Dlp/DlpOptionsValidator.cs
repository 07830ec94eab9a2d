using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>Validates <see cref="DlpOptions"/> at start-up against the detectors registered in code, listing every error at once.</summary>
internal sealed class DlpOptionsValidator(IEnumerable<IDlpDetector> detectors) : IValidateOptions<DlpOptions>
{
    public ValidateOptionsResult Validate(string? name, DlpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = DlpOptionsValidation.Validate(options, detectors.Select(static d => d.Name));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
