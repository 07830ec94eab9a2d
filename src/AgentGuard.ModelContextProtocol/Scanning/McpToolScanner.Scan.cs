namespace AgentGuard;

public static partial class McpToolScanner
{
    /// <summary>One scan in progress: the tool, the names to look for, and the findings (one per rule and place).</summary>
    private sealed class ScanState
    {
        private readonly List<McpScanFinding> _findings = [];
        private readonly HashSet<(string RuleId, string Location, string Message)> _seen = [];

        public ScanState(string tool, IReadOnlyCollection<string>? otherToolNames)
        {
            Tool = tool;

            // Names are matched in normalized text; very short names would match ordinary words.
            OtherToolNames = otherToolNames is null
                ? []
                : [.. otherToolNames.Select(static n => Normalize(n, out _)).Where(n => n.Length >= 4 && !string.Equals(n, Normalize(tool, out _), StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];
        }

        public string Tool { get; }

        public IReadOnlyList<string> OtherToolNames { get; }

        public int Count => _findings.Count;

        public void Add(string ruleId, McpFindingSeverity severity, string location, string message, string evidence)
        {
            if (_seen.Add((ruleId, location, message)))
            {
                _findings.Add(new McpScanFinding(Tool, ruleId, severity, location, message, evidence));
            }
        }

        public IReadOnlyList<McpScanFinding> Results() =>
            [.. _findings.OrderByDescending(static f => f.Severity).ThenBy(static f => f.Location, StringComparer.Ordinal)];
    }
}
