namespace AgentGuard;

/// <summary>A summary of one sensitive-data finding: which detector fired, where, and what was done. Never the matched value.</summary>
/// <param name="Detector">The detector's name, for example <c>aws_access_key_id</c>.</param>
/// <param name="Kind">The detector's kind: <c>secret</c> or <c>pii</c>.</param>
/// <param name="Location">Where the finding is: a JSON path such as <c>$.args.to</c>, or <c>$</c> for plain text.</param>
/// <param name="Start">The offset of the finding in the string value at <paramref name="Location"/>, in UTF-16 code units.</param>
/// <param name="Length">The length of the finding in UTF-16 code units.</param>
/// <param name="Action">The action taken: <c>allow</c>, <c>redact</c> or <c>block</c>.</param>
public sealed record GuardFinding(string Detector, string Kind, string Location, int Start, int Length, string Action);
