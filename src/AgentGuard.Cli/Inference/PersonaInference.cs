using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentGuard.Cli.Inference;

/// <summary>Reconstructs a draft persona from the calls an agent was observed making (a shadow agent's trace): the tools
/// it used, the shape of each argument, its volumes and rates, and its sequences, for a human to review and tighten.</summary>
/// <remarks>
/// The draft is drawn so that it admits every call the agent was seen making successfully, with headroom on each figure,
/// and nothing else: unobserved tools and arguments are refused, ids keep their observed shape, recipients their observed
/// domains. Tools that the backend refused every time are not granted. Maturity stays at the format's default (intern)
/// unless the caller chooses otherwise, so the draft asks a human about everything until it has been reviewed.
/// </remarks>
internal static partial class PersonaInference
{
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_fiveMinutes = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);
    private const int MaxWorkflows = 8;

    public static PersonaDraft Infer(IReadOnlyList<TraceEntry> calls, InferenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(settings);
        if (calls.Count == 0 || calls.Any(static c => c.Call is null))
        {
            throw new ArgumentException("at least one call, and only calls, are needed", nameof(calls));
        }

        var notes = new List<string>();
        var tools = new List<ToolGrant>();
        var toolNotes = new Dictionary<string, string>(StringComparer.Ordinal);
        var argumentNotes = new Dictionary<(string Tool, string Argument), string>();
        var granted = new HashSet<string>(StringComparer.Ordinal);

        foreach (var group in calls.GroupBy(static c => c.Call!.ToolName, StringComparer.Ordinal).OrderBy(static g => g.First().Line))
        {
            var tool = group.Key;
            var entries = group.ToList();
            var refused = entries.Count(static e => e.Result?.Status == ToolResultStatus.Denied);
            if (refused == entries.Count)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"not granted: '{tool}' ({entries.Count} call(s), every one refused by the backend)"));
                continue;
            }

            granted.Add(tool);
            var args = new Dictionary<string, ArgumentConstraint>(StringComparer.Ordinal);
            foreach (var argument in ArgumentNames(entries))
            {
                var values = entries
                    .Select(e => e.Call!.Arguments.ValueKind == JsonValueKind.Object && e.Call.Arguments.TryGetProperty(argument, out var v) ? v : (JsonElement?)null)
                    .OfType<JsonElement>()
                    .ToList();
                var (constraint, shape) = ArgumentShapes.Infer(argument, values, entries.Count, settings.Headroom);
                args[argument] = constraint;
                argumentNotes[(tool, argument)] = shape;
            }

            var (perMinute, perHour) = PeakRates(entries);
            settings.Catalog.TryGetValue(tool, out var cataloged);
            var (risk, egress, guessed) = cataloged is null ? GuessRisk(tool) : (null, null, false);
            tools.Add(new ToolGrant
            {
                Name = tool,
                Risk = risk,
                Egress = egress,
                Args = args,
                Rate = new RateLimit
                {
                    PerMinute = (int)Math.Min(int.MaxValue, NiceNumber.Ceiling(perMinute * settings.Headroom)),
                    PerHour = (int)Math.Min(int.MaxValue, NiceNumber.Ceiling(perHour * settings.Headroom)),
                },
            });

            var sessions = entries.Select(static e => e.Session).Distinct(StringComparer.Ordinal).Count();
            var note = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{entries.Count} call(s) in {sessions} session(s); peak {perMinute}/min, {perHour}/h"));
            if (refused > 0)
            {
                note.Append(CultureInfo.InvariantCulture, $"; {refused} refused by the backend");
            }

            if (guessed)
            {
                note.Append("; risk and egress guessed from the name (the tool is not in the catalog)");
            }
            else if (cataloged is not null)
            {
                note.Append(CultureInfo.InvariantCulture, $"; catalog: risk {Name(cataloged.Risk)}{(cataloged.Egress ? ", egress" : string.Empty)}{(cataloged.Sensitive ? ", sensitive" : string.Empty)}");
            }

            toolNotes[tool] = note.ToString();
        }

        if (tools.Count == 0)
        {
            throw new InvalidOperationException("every observed tool was refused by the backend: there is nothing to grant");
        }

        var (data, dataNotes) = Envelope(calls.Where(c => granted.Contains(c.Call!.ToolName)).ToList(), settings.Headroom);
        var workflows = Workflows(calls, granted, notes);
        var id = settings.Id;
        var persona = new Persona
        {
            Id = id,
            Description = Describe(calls, tools, workflows, settings),
            Owner = settings.Owner,
            Maturity = settings.Maturity,
            Tools = tools,
            Data = data,
            Workflows = workflows,
        };
        return new PersonaDraft(persona, toolNotes, argumentNotes, dataNotes, notes);
    }

    /// <summary>Turns an observed persona label into a valid persona id (<c>[a-z0-9][a-z0-9._-]*</c>).</summary>
    public static string ToPersonaId(string? label)
    {
        var id = InvalidIdCharacters().Replace((label ?? string.Empty).Trim().ToLowerInvariant(), "-").Trim('-', '.', '_');
        return id.Length == 0 ? "inferred-agent" : id;
    }

    private static IEnumerable<string> ArgumentNames(List<TraceEntry> entries) =>
        entries
            .Where(static e => e.Call!.Arguments.ValueKind == JsonValueKind.Object)
            .SelectMany(static e => e.Call!.Arguments.EnumerateObject().Select(static p => p.Name))
            .Distinct(StringComparer.Ordinal);

    /// <summary>The most calls to the tool by one user in any minute and in any hour.</summary>
    private static (int PerMinute, int PerHour) PeakRates(List<TraceEntry> entries)
    {
        var (minute, hour) = (0, 0);
        foreach (var byUser in entries.GroupBy(static e => e.Call!.UserId ?? string.Empty, StringComparer.Ordinal))
        {
            var times = byUser.Select(static e => e.At).Order().ToList();
            minute = Math.Max(minute, PeakCount(times, s_minute));
            hour = Math.Max(hour, PeakCount(times, s_hour));
        }

        return (minute, hour);
    }

    private static int PeakCount(List<DateTimeOffset> sorted, TimeSpan window)
    {
        var (peak, start) = (0, 0);
        for (var end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            peak = Math.Max(peak, end - start + 1);
        }

        return peak;
    }

    private static long PeakSum(List<(DateTimeOffset At, long Amount)> sorted, TimeSpan window)
    {
        var (peak, sum, start) = (0L, 0L, 0);
        for (var end = 0; end < sorted.Count; end++)
        {
            sum += sorted[end].Amount;
            while (sorted[end].At - sorted[start].At >= window)
            {
                sum -= sorted[start++].Amount;
            }

            peak = Math.Max(peak, sum);
        }

        return peak;
    }

    /// <summary>The data envelope, per session as the engine keeps it: records per call and per hour, result bytes, and
    /// distinct resources per hour (at least four times the most new resources seen in five minutes, which is what
    /// the engine's scraping signal allows under a declared hourly figure).</summary>
    private static (DataEnvelope Data, Dictionary<string, string> Notes) Envelope(IReadOnlyList<TraceEntry> calls, double headroom)
    {
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        long? perCall = null, perHour = null, bytes = null, resources = null;

        // Behavior scoring treats a limit-like argument (limit, top, page_size…) above the per-call envelope as asking
        // for too much: the envelope must cover the limits the agent was seen asking for, not only what it got back.
        long? asked = null;
        foreach (var call in calls)
        {
            foreach (var limit in Limits(call.Call!.Arguments, depth: 0))
            {
                asked = Math.Max(asked ?? 0, (long)Math.Min(long.MaxValue / 2, Math.Ceiling(limit)));
            }
        }

        foreach (var session in calls.Where(static c => c.Result is not null).GroupBy(static c => c.Session, StringComparer.Ordinal))
        {
            var results = session.OrderBy(static c => c.At).ToList();
            var records = results.Where(static r => r.Result!.RecordCount is not null).Select(static r => (r.At, r.Result!.RecordCount!.Value)).ToList();
            if (records.Count > 0)
            {
                perCall = Math.Max(perCall ?? 0, records.Max(static r => r.Value));
                perHour = Math.Max(perHour ?? 0, PeakSum(records, s_hour));
            }

            foreach (var result in results)
            {
                if (result.Result!.GetContentText() is { } text)
                {
                    bytes = Math.Max(bytes ?? 0, Encoding.UTF8.GetByteCount(text));
                }
            }

            var touched = new List<(DateTimeOffset At, string Key)>();
            foreach (var result in results)
            {
                touched.Add((result.At, result.Result!.Resource is { Length: > 0 } resource
                    ? "r\u0000" + resource.Trim().ToLowerInvariant()
                    : "a\u0000" + result.Call!.ToolName + "\u0000" + result.Call.Arguments.GetRawText()));
            }

            var firstSeen = touched.GroupBy(static t => t.Key, StringComparer.Ordinal).Select(static g => (g.Min(static t => t.At), 1L)).Order().ToList();
            var distinct = Math.Max(PeakSum(firstSeen, s_hour), 4 * PeakSum(firstSeen, s_fiveMinutes));
            resources = Math.Max(resources ?? 0, distinct);
        }

        var perCallBasis = asked is { } limitAsked && limitAsked > (perCall ?? 0) ? asked : perCall;
        var data = new DataEnvelope
        {
            MaxRecordsPerCall = Scaled(perCallBasis, headroom),
            MaxRecordsPerHour = Scaled(perHour, headroom),
            MaxDistinctResourcesPerHour = Scaled(resources, headroom),
            MaxResultBytesPerCall = Scaled(bytes, headroom),
        };
        Note(notes, "max_records_per_call", perCall, "records in one result");
        if (perCallBasis != perCall)
        {
            notes["max_records_per_call"] = string.Create(CultureInfo.InvariantCulture,
                $"the agent asked for up to {asked} records in one call{(perCall is { } got ? $" and got at most {got}" : string.Empty)}");
        }

        Note(notes, "max_records_per_hour", perHour, "records in one session's busiest hour");
        Note(notes, "max_distinct_resources_per_hour", resources, "distinct resources (hour, or 4 × five minutes)");
        Note(notes, "max_result_bytes_per_call", bytes, "bytes in one result");
        return (data, notes);

        static long? Scaled(long? observed, double headroom) => observed is { } value ? Math.Max(1, NiceNumber.Ceiling(value * headroom)) : null;

        static void Note(Dictionary<string, string> notes, string field, long? observed, string what)
        {
            if (observed is { } value)
            {
                notes[field] = string.Create(CultureInfo.InvariantCulture, $"observed at most {value} {what}");
            }
        }
    }

    private static IEnumerable<double> Limits(JsonElement element, int depth)
    {
        if (depth > 32)
        {
            yield break;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (CallFacts.IsLimitName(property.Name)
                    && (property.Value.ValueKind == JsonValueKind.Number ? property.Value.TryGetDouble(out var number)
                        : double.TryParse(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                    && double.IsFinite(number) && number > 0)
                {
                    yield return number;
                }

                foreach (var nested in Limits(property.Value, depth + 1))
                {
                    yield return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var nested in Limits(item, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Each session's sequence of granted tools (repeats collapsed), minus sequences contained in another; left
    /// out when the sessions are too varied to declare.</summary>
    private static List<IReadOnlyList<string>> Workflows(IReadOnlyList<TraceEntry> calls, HashSet<string> granted, List<string> notes)
    {
        var sequences = new List<List<string>>();
        foreach (var session in calls.GroupBy(static c => c.Session, StringComparer.Ordinal))
        {
            var sequence = new List<string>();
            foreach (var call in session.OrderBy(static c => c.At).ThenBy(static c => c.Line))
            {
                var tool = call.Call!.ToolName;
                if (granted.Contains(tool) && (sequence.Count == 0 || sequence[^1] != tool))
                {
                    sequence.Add(tool);
                }
            }

            if (sequence.Count > 0 && !sequences.Any(s => s.SequenceEqual(sequence, StringComparer.Ordinal)))
            {
                sequences.Add(sequence);
            }
        }

        var kept = sequences.Where(s => !sequences.Any(o => !ReferenceEquals(o, s) && o.Count > s.Count && Contains(o, s))).ToList();
        if (kept.Count > MaxWorkflows)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"no workflows declared: the sessions followed {kept.Count} different sequences (more than {MaxWorkflows})"));
            return [];
        }

        return [.. kept.Select(static s => (IReadOnlyList<string>)s)];

        static bool Contains(List<string> outer, List<string> inner)
        {
            for (var i = 0; i + inner.Count <= outer.Count; i++)
            {
                if (outer.Skip(i).Take(inner.Count).SequenceEqual(inner, StringComparer.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static string Describe(IReadOnlyList<TraceEntry> calls, List<ToolGrant> tools, List<IReadOnlyList<string>> workflows, InferenceSettings settings)
    {
        var reads = new List<string>();
        var changes = new List<string>();
        var sends = new List<string>();
        foreach (var tool in tools)
        {
            settings.Catalog.TryGetValue(tool.Name, out var cataloged);
            var egress = tool.Egress ?? cataloged?.Egress ?? false;
            var risk = tool.Risk ?? cataloged?.Risk ?? ToolRisk.Low;
            (egress ? sends : risk == ToolRisk.Low ? reads : changes).Add(tool.Name);
        }

        var sessions = calls.Select(static c => c.Session).Distinct(StringComparer.Ordinal).Count();
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"DRAFT inferred by agentguard infer from {calls.Count} call(s) in {sessions} session(s) of {settings.SourceName}, {calls.Min(static c => c.At):yyyy-MM-dd HH:mm} to {calls.Max(static c => c.At):yyyy-MM-dd HH:mm} UTC."));
        text.Append(" The agent was seen to");
        var parts = new List<string>();
        if (reads.Count > 0)
        {
            parts.Add($" read with {string.Join(", ", reads)}");
        }

        if (changes.Count > 0)
        {
            parts.Add($" change things with {string.Join(", ", changes)}");
        }

        if (sends.Count > 0)
        {
            parts.Add($" send data out with {string.Join(", ", sends)}");
        }

        text.Append(string.Join(";", parts)).Append('.');
        if (workflows.Count > 0)
        {
            text.Append(" Typical sequence: ").Append(string.Join(" → ", workflows.MaxBy(static w => w.Count)!)).Append('.');
        }

        text.Append(" Replace this with the job in business terms, then review every line and tighten.");
        return text.ToString();
    }

    private static (ToolRisk? Risk, bool? Egress, bool Guessed) GuessRisk(string tool)
    {
        var words = tool.ToLowerInvariant().Split(['.', '_', '-', '/', ':'], StringSplitOptions.RemoveEmptyEntries);
        var egress = words.Any(static w => w is "send" or "post" or "upload" or "share" or "publish" or "webhook" or "transfer" or "pay" or "email" or "mail" or "tweet" or "notify" or "forward");
        var high = egress || words.Any(static w => w is "delete" or "remove" or "drop" or "destroy" or "purge" or "execute" or "exec" or "run" or "deploy" or "grant" or "export");
        var medium = words.Any(static w => w is "write" or "update" or "create" or "close" or "commit" or "edit" or "set" or "put" or "patch" or "move" or "rename" or "merge" or "add" or "insert");
        return (high ? ToolRisk.High : medium ? ToolRisk.Medium : ToolRisk.Low, egress, true);
    }

    internal static string Name(ToolRisk risk) => risk switch { ToolRisk.High => "high", ToolRisk.Medium => "medium", _ => "low" };

    [GeneratedRegex("[^a-z0-9._-]+", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidIdCharacters();
}
