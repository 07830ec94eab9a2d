using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentGuard.Cli.Inference;

/// <summary>Writes a <see cref="PersonaDraft"/> as a persona file in the FORMATS.md layout, with the evidence for each
/// line as a comment. Every value that comes from the trace is quoted unless it is plainly safe, so tool names, argument
/// names and values can never change the file's structure.</summary>
internal static partial class PersonaYamlWriter
{
    private const int Wrap = 100;
    private static readonly JsonSerializerOptions s_quote = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(PersonaDraft draft, string header)
    {
        var p = draft.Persona;
        var w = new StringBuilder();
        foreach (var line in header.Split('\n'))
        {
            w.Append("# ").Append(Clean(line)).Append('\n');
        }

        w.Append("persona: ").Append(Scalar(p.Id)).Append('\n');
        w.Append("description: >\n");
        foreach (var line in WrapText(Clean(p.Description), Wrap - 2))
        {
            w.Append("  ").Append(line).Append('\n');
        }

        w.Append("owner: ").Append(Scalar(p.Owner)).Append("   # the accountable human or team\n");
        w.Append("maturity: ").Append(Maturity(p.Maturity)).Append("   # intern: a human approves every call; choose after review\n");
        w.Append("tools:\n");
        foreach (var tool in p.Tools)
        {
            w.Append("  - name: ").Append(Scalar(tool.Name));
            Comment(w, draft.ToolNotes.GetValueOrDefault(tool.Name));
            if (tool.Risk is { } risk)
            {
                w.Append("    risk: ").Append(PersonaInference.Name(risk)).Append('\n');
            }

            if (tool.Egress is { } egress)
            {
                w.Append("    egress: ").Append(egress ? "true" : "false").Append('\n');
            }

            if (tool.Args is { Count: > 0 } args)
            {
                w.Append("    args:\n");
                foreach (var (name, constraint) in args)
                {
                    w.Append("      ").Append(Scalar(name)).Append(": ").Append(Constraint(constraint));
                    Comment(w, draft.ArgumentNotes.GetValueOrDefault((tool.Name, name)));
                }
            }
            else
            {
                w.Append("    args: {}   # no arguments were seen: any argument is refused\n");
            }

            if (tool.Rate is { } rate)
            {
                w.Append(CultureInfo.InvariantCulture, $"    rate: {{ per_minute: {rate.PerMinute}, per_hour: {rate.PerHour} }}\n");
            }
        }

        var data = new (string Field, long? Value)[]
        {
            ("max_records_per_call", p.Data.MaxRecordsPerCall),
            ("max_records_per_hour", p.Data.MaxRecordsPerHour),
            ("max_distinct_resources_per_hour", p.Data.MaxDistinctResourcesPerHour),
            ("max_result_bytes_per_call", p.Data.MaxResultBytesPerCall),
        };
        if (data.Any(static d => d.Value is not null))
        {
            w.Append("data:\n");
            foreach (var (field, value) in data.Where(static d => d.Value is not null))
            {
                w.Append(CultureInfo.InvariantCulture, $"  {field}: {value}");
                Comment(w, draft.DataNotes.GetValueOrDefault(field));
            }
        }

        if (p.Workflows.Count > 0)
        {
            w.Append("workflows:   # the sequences the sessions followed\n");
            foreach (var workflow in p.Workflows)
            {
                w.Append("  - [").Append(string.Join(", ", workflow.Select(Scalar))).Append("]\n");
            }
        }

        foreach (var note in draft.Notes)
        {
            w.Append("# ").Append(Clean(note)).Append('\n');
        }

        return w.ToString();
    }

    private static string Constraint(ArgumentConstraint c)
    {
        var parts = new List<string>();
        if (c.Pattern is { } pattern)
        {
            parts.Add("pattern: " + Quote(pattern));
        }

        if (c.Enum is { } values)
        {
            parts.Add("enum: [" + string.Join(", ", values.Select(Scalar)) + "]");
        }

        if (c.Min is { } min)
        {
            parts.Add("min: " + min.ToString("R", CultureInfo.InvariantCulture));
        }

        if (c.Max is { } max)
        {
            parts.Add("max: " + max.ToString("R", CultureInfo.InvariantCulture));
        }

        if (c.MaxLength is { } length)
        {
            parts.Add("max_length: " + length.ToString(CultureInfo.InvariantCulture));
        }

        if (c.AllowedDomains is { } domains)
        {
            parts.Add("allowed_domains: [" + string.Join(", ", domains.Select(Scalar)) + "]");
        }

        if (c.AllowedHosts is { } hosts)
        {
            parts.Add("allowed_hosts: [" + string.Join(", ", hosts.Select(Scalar)) + "]");
        }

        if (c.DenyWildcards)
        {
            parts.Add("deny_wildcards: true");
        }

        if (c.Required)
        {
            parts.Add("required: true");
        }

        return parts.Count == 0 ? "{}" : "{ " + string.Join(", ", parts) + " }";
    }

    /// <summary>A scalar as plain text when that cannot be misread (letters, digits, <c>. _ - /</c>, not a YAML keyword or
    /// number), otherwise double-quoted with JSON escapes, which YAML reads the same way.</summary>
    internal static string Scalar(string value) =>
        PlainSafe().IsMatch(value) && !Reserved().IsMatch(value) ? value : Quote(value);

    private static string Quote(string value) => JsonSerializer.Serialize(value, s_quote);

    private static void Comment(StringBuilder w, string? note)
    {
        if (note is not null)
        {
            w.Append("   # ").Append(Clean(note));
        }

        w.Append('\n');
    }

    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? ' ' : c);
        }

        return clean.ToString();
    }

    private static IEnumerable<string> WrapText(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    private static string Maturity(Maturity maturity) => maturity switch
    {
        AgentGuard.Maturity.Junior => "junior",
        AgentGuard.Maturity.Senior => "senior",
        AgentGuard.Maturity.Principal => "principal",
        _ => "intern",
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_./-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSafe();

    [GeneratedRegex("^(?i:y|n|yes|no|true|false|on|off|null|~)$", RegexOptions.CultureInvariant)]
    private static partial Regex Reserved();
}
