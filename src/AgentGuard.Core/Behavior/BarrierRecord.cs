using System.Text.Json.Serialization;

namespace AgentGuard;

/// <summary>A target the session was denied, and the sticky evidence of the attempts on it since.</summary>
/// <remarks>Holds normalized target names (paths, identifiers) so that variations can be recognised by edit distance;
/// never values from a DLP-blocked call (those are sensitive) and never result content.</remarks>
internal sealed class BarrierRecord
{
    public const int MaxValues = 8;

    /// <summary>Gets or sets the record's id within the session.</summary>
    [JsonInclude]
    public int Id { get; set; }

    /// <summary>Gets or sets the denied tool.</summary>
    [JsonInclude]
    public string Tool { get; set; } = string.Empty;

    /// <summary>Gets or sets a value indicating whether the tool itself is the barrier (the scope refused it).</summary>
    [JsonInclude]
    public bool ToolLevel { get; set; }

    /// <summary>Gets or sets a value indicating whether the refused call selected everything (a match-all query), so any
    /// further match-all call of the tool is the same target.</summary>
    [JsonInclude]
    public bool Unbounded { get; set; }

    /// <summary>Gets or sets the argument that named the target, when known.</summary>
    [JsonInclude]
    public string? PrimaryArgument { get; set; }

    /// <summary>Gets or sets the normalized target names: the denied one first, then variations that were denied too.</summary>
    [JsonInclude]
    public List<string> Values { get; set; } = [];

    /// <summary>Gets or sets the <see cref="TargetText.Mask"/> of each value.</summary>
    [JsonInclude]
    public List<ulong> Masks { get; set; } = [];

    /// <summary>Gets or sets the <see cref="TargetText.Mask"/> of each value's last path segment.</summary>
    [JsonInclude]
    public List<ulong> NameMasks { get; set; } = [];

    /// <summary>Gets or sets the rule that denied it (for example <c>scope.not_in_persona</c> or <c>backend.denied</c>).</summary>
    [JsonInclude]
    public string Rule { get; set; } = string.Empty;

    /// <summary>Gets or sets when it was first denied (ticks).</summary>
    [JsonInclude]
    public long FirstTicks { get; set; }

    /// <summary>Gets or sets the last attempt on it (ticks).</summary>
    [JsonInclude]
    public long LastTicks { get; set; }

    /// <summary>Gets or sets the attempts on it since the denial.</summary>
    [JsonInclude]
    public int Attempts { get; set; }

    /// <summary>Gets or sets the sticky score those attempts contribute.</summary>
    [JsonInclude]
    public double Evidence { get; set; }

    public void AddValue(string value)
    {
        if (value.Length == 0 || Values.Contains(value, StringComparer.Ordinal))
        {
            return;
        }

        EnsureMasks();
        if (Values.Count >= MaxValues)
        {
            Values.RemoveAt(1); // keep the original denial, drop the oldest variation
            Masks.RemoveAt(1);
            NameMasks.RemoveAt(1);
        }

        Values.Add(value);
        Masks.Add(TargetText.Mask(value));
        NameMasks.Add(TargetText.Mask(TargetText.BaseName(value)));
    }

    /// <summary>Rebuilds the masks when they do not match the values (state written without them).</summary>
    public void EnsureMasks()
    {
        if (Masks.Count != Values.Count || NameMasks.Count != Values.Count)
        {
            Masks = [.. Values.Select(static v => TargetText.Mask(v))];
            NameMasks = [.. Values.Select(static v => TargetText.Mask(TargetText.BaseName(v)))];
        }
    }
}
