namespace AgentGuard.Cli.Inference;

/// <summary>An inferred persona and the evidence behind each part of it, written as comments for the reviewer.</summary>
/// <param name="Persona">The draft persona.</param>
/// <param name="ToolNotes">Per tool: how often and how fast it was called, and where its risk came from.</param>
/// <param name="ArgumentNotes">Per tool argument: what values were seen.</param>
/// <param name="DataNotes">Per data-envelope field: the observed figure.</param>
/// <param name="Notes">Everything else the reviewer should know (tools not granted, workflows left out).</param>
internal sealed record PersonaDraft(
    Persona Persona,
    IReadOnlyDictionary<string, string> ToolNotes,
    IReadOnlyDictionary<(string Tool, string Argument), string> ArgumentNotes,
    IReadOnlyDictionary<string, string> DataNotes,
    IReadOnlyList<string> Notes);
