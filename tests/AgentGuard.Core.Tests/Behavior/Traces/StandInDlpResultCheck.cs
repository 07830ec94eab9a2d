using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentGuard.Core.Tests.Behavior.Traces;

/// <summary>A test double of the DLP result stage (being built elsewhere): finds e-mail addresses, IBANs and AWS access
/// key ids in results, records findings and redacts them, so the corpus exercises behavior with DLP findings present.</summary>
internal sealed partial class StandInDlpResultCheck : IResultCheck
{
    public string Name => "dlp.result (test double)";

    public int Order => GuardCheckOrder.ResultDlp;

    public ValueTask InspectAsync(GuardContext context, CancellationToken cancellationToken)
    {
        if (context.Result?.Content is not { } content)
        {
            return default;
        }

        var isString = content.ValueKind == JsonValueKind.String;
        var text = isString ? content.GetString()! : content.GetRawText();
        var found = false;
        var redacted = Detector().Replace(text, match =>
        {
            found = true;
            var detector = match.Groups["email"].Success ? "email" : match.Groups["iban"].Success ? "iban" : "aws_access_key_id";
            context.AddFinding(new GuardFinding(detector, detector == "aws_access_key_id" ? "secret" : "pii", "$", match.Index, match.Length, "redact"));
            return $"[REDACTED:{detector}]";
        });
        if (found)
        {
            var element = isString ? JsonSerializer.SerializeToElement(redacted) : JsonDocument.Parse(redacted).RootElement.Clone();
            context.ReplaceResult(context.Result with { Content = element });
        }

        return default;
    }

    [GeneratedRegex(@"(?<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})|(?<iban>\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b)|(?<aws>\bAKIA[0-9A-Z]{16}\b)", RegexOptions.CultureInvariant)]
    private static partial Regex Detector();
}
