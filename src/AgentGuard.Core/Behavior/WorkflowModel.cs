using System.Runtime.CompilerServices;

namespace AgentGuard;

/// <summary>The tool transitions a persona's declared workflows allow, built once per compiled persona.</summary>
/// <remarks>A transition is allowed when it is consecutive in some workflow, repeats the same tool, or starts a
/// workflow (the first tool of any). Entries may be tool-name globs.</remarks>
internal sealed class WorkflowModel
{
    private static readonly ConditionalWeakTable<CompiledPersona, WorkflowModel> s_models = [];
    private readonly (string From, string To)[] _transitions;
    private readonly string[] _starts;

    private WorkflowModel(IReadOnlyList<IReadOnlyList<string>> workflows)
    {
        var transitions = new List<(string, string)>();
        var starts = new List<string>();
        foreach (var workflow in workflows)
        {
            if (workflow.Count == 0)
            {
                continue;
            }

            starts.Add(workflow[0]);
            for (var i = 1; i < workflow.Count; i++)
            {
                transitions.Add((workflow[i - 1], workflow[i]));
            }
        }

        _transitions = [.. transitions.Distinct()];
        _starts = [.. starts.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Gets a value indicating whether the persona declares workflows at all.</summary>
    public bool Declared => _starts.Length > 0;

    public static WorkflowModel For(CompiledPersona persona) =>
        s_models.GetValue(persona, static p => new WorkflowModel(p.Persona.Workflows));

    public bool Allows(string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var start in _starts)
        {
            if (Matches(start, to))
            {
                return true;
            }
        }

        foreach (var (a, b) in _transitions)
        {
            if (Matches(a, from) && Matches(b, to))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string pattern, string tool) =>
        Glob.IsPattern(pattern) ? Glob.IsMatch(pattern, tool) : string.Equals(pattern, tool, StringComparison.Ordinal);
}
