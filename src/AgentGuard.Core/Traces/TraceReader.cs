using System.Globalization;
using System.Text.Json;

namespace AgentGuard;

/// <summary>Reads trace files (JSON Lines, one tool-call attempt or context line per line) as FORMATS.md specifies.</summary>
/// <remarks>
/// Every problem is reported with file, line and field; a trace with any error yields no entries (nothing is
/// half-read). Besides the documented fields, <c>agent</c> (the agent instance), <c>call_id</c> and
/// <c>delegation</c> (the delegating ancestors' personas, root first) are accepted.
/// </remarks>
public static class TraceReader
{
    /// <summary>The time a trace starts at when its first line has no <c>at</c>.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<string> s_fields = new(StringComparer.Ordinal)
    {
        "session", "message", "user", "persona", "tool", "args", "at", "result", "expect", "agent", "call_id", "delegation",
    };

    private static readonly HashSet<string> s_resultFields = new(StringComparer.Ordinal) { "status", "content", "records", "resource" };
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 256, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Reads a trace file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The entries and every error found.</returns>
    public static TraceDocument ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new TraceDocument([], [new PolicyError(path, null, null, string.Empty, $"cannot read trace: {ex.Message}")]);
        }

        return Read(path, new StringReader(text));
    }

    /// <summary>Reads a trace from a reader.</summary>
    /// <param name="file">The file name to put in errors.</param>
    /// <param name="reader">The text.</param>
    /// <returns>The entries and every error found.</returns>
    public static TraceDocument Read(string file, TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var entries = new List<TraceEntry>();
        var errors = new List<PolicyError>();
        var lastAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        DateTimeOffset? latest = null;
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var before = errors.Count;
            var entry = ReadLine(file, number, line, lastAt, latest, errors);
            if (entry is not null && errors.Count == before)
            {
                entries.Add(entry);
                lastAt[entry.Session] = entry.At;
                latest = latest is null || entry.At > latest ? entry.At : latest;
            }
        }

        if (number == 0 || (entries.Count == 0 && errors.Count == 0))
        {
            errors.Add(new PolicyError(file, null, null, string.Empty, "the trace is empty"));
        }

        return errors.Count > 0 ? new TraceDocument([], errors) : new TraceDocument(entries, errors);
    }

    private static TraceEntry? ReadLine(string file, int number, string line, Dictionary<string, DateTimeOffset> lastAt, DateTimeOffset? latest, List<PolicyError> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, s_options);
        }
        catch (JsonException ex)
        {
            errors.Add(new PolicyError(file, number, (int)(ex.BytePositionInLine ?? 0) + 1, string.Empty, $"not a JSON object: {ex.Message}"));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(Error(file, number, string.Empty, "each line must be a JSON object"));
                return null;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    errors.Add(Error(file, number, property.Name, "field is given more than once"));
                }
                else if (!s_fields.Contains(property.Name))
                {
                    errors.Add(Error(file, number, property.Name, $"unknown field (allowed: {string.Join(", ", s_fields.Order(StringComparer.Ordinal))})"));
                }
            }

            var session = RequiredString(root, "session", file, number, errors);
            var at = ReadTime(root, file, number, errors);
            if (session is null)
            {
                return null;
            }

            var time = at ?? (lastAt.TryGetValue(session, out var previous) ? previous.AddSeconds(1) : latest?.AddSeconds(1) ?? DefaultStart);
            if (root.TryGetProperty("message", out var message))
            {
                return ReadContext(file, number, root, session, time, message, errors);
            }

            var user = RequiredString(root, "user", file, number, errors);
            var persona = RequiredString(root, "persona", file, number, errors);
            var tool = RequiredString(root, "tool", file, number, errors);
            JsonElement args = default;
            if (!root.TryGetProperty("args", out args))
            {
                errors.Add(Error(file, number, "args", "required field is missing"));
            }
            else if (args.ValueKind != JsonValueKind.Object)
            {
                errors.Add(Error(file, number, "args", "must be a JSON object"));
            }

            var agent = OptionalString(root, "agent", file, number, errors);
            var callId = OptionalString(root, "call_id", file, number, errors);
            var delegation = ReadDelegation(root, file, number, errors);
            var result = ReadResult(root, file, number, errors);
            var expect = ReadExpect(root, file, number, errors);
            if (user is null || persona is null || tool is null || args.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new TraceEntry
            {
                Line = number,
                Session = session,
                At = time,
                Call = new ToolCall
                {
                    ToolName = tool,
                    Arguments = args.Clone(),
                    SessionId = session,
                    UserId = user,
                    Persona = persona,
                    AgentId = agent,
                    CallId = callId ?? $"line-{number.ToString(CultureInfo.InvariantCulture)}",
                    Timestamp = time,
                    DelegationChain = delegation,
                },
                Result = result,
                Expect = expect,
            };
        }
    }

    private static TraceEntry? ReadContext(string file, int number, JsonElement root, string session, DateTimeOffset time, JsonElement message, List<PolicyError> errors)
    {
        foreach (var callField in (string[])["user", "persona", "tool", "args", "result", "expect", "agent", "call_id", "delegation"])
        {
            if (root.TryGetProperty(callField, out _) && callField is not "user" and not "persona" and not "agent")
            {
                errors.Add(Error(file, number, callField, "a context line (with 'message') carries no call fields"));
            }
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(file, number, "message", "must be an object with 'role' and 'content'"));
            return null;
        }

        foreach (var property in message.EnumerateObject())
        {
            if (property.Name is not "role" and not "content")
            {
                errors.Add(Error(file, number, "message." + property.Name, "unknown field (allowed: role, content)"));
            }
        }

        var role = RequiredString(message, "role", file, number, errors, "message.");
        if (role is not null && role is not "user" and not "system")
        {
            errors.Add(Error(file, number, "message.role", $"must be 'user' or 'system', not '{role}'"));
        }

        var content = RequiredString(message, "content", file, number, errors, "message.");
        return role is null || content is null ? null : new TraceEntry
        {
            Line = number,
            Session = session,
            At = time,
            MessageRole = role,
            MessageContent = content,
        };
    }

    private static ToolResult? ReadResult(JsonElement root, string file, int number, List<PolicyError> errors)
    {
        if (!root.TryGetProperty("result", out var result) || result.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (result.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(file, number, "result", "must be a JSON object"));
            return null;
        }

        foreach (var property in result.EnumerateObject())
        {
            if (!s_resultFields.Contains(property.Name))
            {
                errors.Add(Error(file, number, "result." + property.Name, "unknown field (allowed: content, records, resource, status)"));
            }
        }

        var status = ToolResultStatus.Ok;
        if (OptionalString(result, "status", file, number, errors, "result.") is { } statusText)
        {
            switch (statusText.ToLowerInvariant())
            {
                case "ok": status = ToolResultStatus.Ok; break;
                case "denied": status = ToolResultStatus.Denied; break;
                case "error": status = ToolResultStatus.Error; break;
                default:
                    errors.Add(Error(file, number, "result.status", $"must be ok, denied or error, not '{statusText}'"));
                    break;
            }
        }

        long? records = null;
        if (result.TryGetProperty("records", out var recordsElement) && recordsElement.ValueKind != JsonValueKind.Null)
        {
            if (recordsElement.ValueKind == JsonValueKind.Number && recordsElement.TryGetInt64(out var n) && n >= 0)
            {
                records = n;
            }
            else
            {
                errors.Add(Error(file, number, "result.records", "must be a non-negative integer"));
            }
        }

        JsonElement? content = result.TryGetProperty("content", out var c) && c.ValueKind != JsonValueKind.Null ? c.Clone() : null;
        return new ToolResult
        {
            Status = status,
            Content = content,
            RecordCount = records,
            Resource = OptionalString(result, "resource", file, number, errors, "result."),
        };
    }

    private static TraceOutcome? ReadExpect(JsonElement root, string file, int number, List<PolicyError> errors)
    {
        var text = OptionalString(root, "expect", file, number, errors);
        if (text is null)
        {
            return null;
        }

        TraceOutcome? outcome = text.ToLowerInvariant() switch
        {
            "allow" => TraceOutcome.Allow,
            "redact" => TraceOutcome.Redact,
            "approval" => TraceOutcome.Approval,
            "deny" => TraceOutcome.Deny,
            "halt" => TraceOutcome.Halt,
            _ => null,
        };
        if (outcome is null)
        {
            errors.Add(Error(file, number, "expect", $"must be allow, redact, approval, deny or halt, not '{text}'"));
        }

        return outcome;
    }

    private static IReadOnlyList<string> ReadDelegation(JsonElement root, string file, int number, List<PolicyError> errors)
    {
        if (!root.TryGetProperty("delegation", out var chain) || chain.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (chain.ValueKind != JsonValueKind.Array || chain.EnumerateArray().Any(static e => e.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(e.GetString())))
        {
            errors.Add(Error(file, number, "delegation", "must be an array of persona ids (root first)"));
            return [];
        }

        return [.. chain.EnumerateArray().Select(static e => e.GetString()!)];
    }

    private static DateTimeOffset? ReadTime(JsonElement root, string file, int number, List<PolicyError> errors)
    {
        var text = OptionalString(root, "at", file, number, errors);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        errors.Add(Error(file, number, "at", $"'{text}' is not an ISO-8601 time"));
        return null;
    }

    private static string? RequiredString(JsonElement element, string name, string file, int number, List<PolicyError> errors, string prefix = "")
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(Error(file, number, prefix + name, "required field is missing"));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Error(file, number, prefix + name, "must be a string"));
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text) && name is not "content")
        {
            errors.Add(Error(file, number, prefix + name, "must not be empty"));
            return null;
        }

        return text;
    }

    private static string? OptionalString(JsonElement element, string name, string file, int number, List<PolicyError> errors, string prefix = "")
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Error(file, number, prefix + name, "must be a string"));
            return null;
        }

        return value.GetString();
    }

    private static PolicyError Error(string file, int line, string field, string message) => new(file, line, null, field, message);
}
