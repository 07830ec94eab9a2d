using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace AgentGuard.Cli.Commands;

/// <summary><c>agentguard scan [FILE|-] [--json] [--redact] [--direction D]</c>: finds secrets and personal data in text.</summary>
/// <remarks>
/// Offsets are in UTF-16 code units of the decoded text (for ASCII text, byte offsets). Input is read as UTF-8 (a BOM is
/// skipped); bytes that are not valid UTF-8 are replaced with U+FFFD, one per invalid sequence, with a warning on standard
/// error — a stray byte must not hide the rest of a file from the scan. Exit status: 0 no finding, 1 findings, 2 bad input
/// (the file is missing, unreadable, a directory, or larger than 256 MiB).
/// </remarks>
internal static class ScanCommand
{
    private const long MaxInputBytes = 256L * 1024 * 1024;

    public static Command Create(CliIo io)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "The file to scan, or - for standard input (the default).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = static _ => "-",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per finding (JSON Lines)." };
        var redact = new Option<bool>("--redact") { Description = "Print the text with each finding replaced by a typed placeholder such as [REDACTED:aws_access_key_id]." };
        var direction = new Option<string>("--direction")
        {
            Description = "Which persona default decides the action column: results (redact), args (redact) or egress-args (block).",
            DefaultValueFactory = static _ => "results",
        };
        direction.AcceptOnlyFromAmong("results", "args", "egress-args");

        var command = new Command("scan", "Find secrets and personal data in a file or standard input.") { file, json, redact, direction };
        command.SetAction(parseResult => Run(
            io,
            parseResult.GetValue(file) ?? "-",
            parseResult.GetValue(json),
            parseResult.GetValue(redact),
            parseResult.GetValue(direction) ?? "results"));
        return command;
    }

    private static int Run(CliIo io, string path, bool json, bool redact, string directionName)
    {
        if (!TryRead(io, path, out var text))
        {
            return CliIo.BadInput;
        }

        var scanner = new DlpScanner();
        IReadOnlyList<DlpDetection> findings;
        try
        {
            findings = scanner.Scan(text);
        }
        catch (Exception ex) when (ex is System.Text.RegularExpressions.RegexMatchTimeoutException or DlpScanException)
        {
            io.Error.WriteLine($"agentguard scan: {path}: the input could not be scanned: {ex.Message}");
            return CliIo.BadInput;
        }

        var direction = directionName switch
        {
            "egress-args" => DlpDirection.EgressArguments,
            "args" => DlpDirection.Arguments,
            _ => DlpDirection.Results,
        };
        var policy = new DlpPolicy();
        var lines = new LineIndex(text);

        if (redact && json)
        {
            WriteRedactedJson(io, scanner, text, findings, lines, direction, policy);
        }
        else if (redact)
        {
            io.Out.Write(scanner.Redact(text, findings));
        }
        else
        {
            foreach (var finding in findings)
            {
                var action = Name(scanner.ResolveAction(finding, direction, policy));
                var (line, column) = lines.Locate(finding.Start);
                if (json)
                {
                    io.Out.WriteLine(FindingJson(finding, line, column, action));
                }
                else
                {
                    io.Out.WriteLine($"{finding.Detector}\tstart={finding.Start}\tlength={finding.Length}\tline={line}\tcolumn={column}\tkind={finding.KindName}\tconfidence={Name(finding.Confidence)}\taction={action}");
                }
            }
        }

        if (!json)
        {
            io.Error.WriteLine(findings.Count == 0 ? "no findings" : $"{findings.Count} finding{(findings.Count == 1 ? string.Empty : "s")}");
        }

        return findings.Count == 0 ? CliIo.Ok : CliIo.Failed;
    }

    private static bool TryRead(CliIo io, string path, out string text)
    {
        text = string.Empty;
        if (path == "-")
        {
            text = io.In.ReadToEnd();
            return true;
        }

        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                io.Error.WriteLine($"agentguard scan: {path}: is a directory");
                return false;
            }

            if (!info.Exists)
            {
                io.Error.WriteLine($"agentguard scan: {path}: no such file");
                return false;
            }

            if (info.Length > MaxInputBytes)
            {
                io.Error.WriteLine($"agentguard scan: {path}: larger than {MaxInputBytes / (1024 * 1024)} MiB");
                return false;
            }

            var bytes = File.ReadAllBytes(path);
            var body = bytes.AsSpan();
            if (body.StartsWith(Encoding.UTF8.Preamble))
            {
                body = body[3..];
            }

            if (!Utf8.IsValid(body))
            {
                io.Error.WriteLine($"agentguard scan: {path}: warning: not valid UTF-8; invalid bytes were replaced with U+FFFD");
            }

            text = Encoding.UTF8.GetString(body);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException or ArgumentException or NotSupportedException)
        {
            io.Error.WriteLine($"agentguard scan: {path}: cannot read: {ex.Message}");
            return false;
        }
    }

    private static string FindingJson(DlpDetection finding, int line, int column, string action)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteFinding(writer, finding, line, column, action);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteFinding(Utf8JsonWriter writer, DlpDetection finding, int line, int column, string action)
    {
        writer.WriteStartObject();
        writer.WriteString("detector", finding.Detector);
        writer.WriteString("kind", finding.KindName);
        writer.WriteNumber("start", finding.Start);
        writer.WriteNumber("length", finding.Length);
        writer.WriteNumber("line", line);
        writer.WriteNumber("column", column);
        writer.WriteString("confidence", Name(finding.Confidence));
        writer.WriteString("action", action);
        writer.WriteEndObject();
    }

    private static void WriteRedactedJson(CliIo io, DlpScanner scanner, string text, IReadOnlyList<DlpDetection> findings, LineIndex lines, DlpDirection direction, DlpPolicy policy)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("redacted", scanner.Redact(text, findings));
            writer.WriteStartArray("findings");
            foreach (var finding in findings)
            {
                var (line, column) = lines.Locate(finding.Start);
                WriteFinding(writer, finding, line, column, Name(scanner.ResolveAction(finding, direction, policy)));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        io.Out.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string Name(DlpAction action) => action switch
    {
        DlpAction.Block => "block",
        DlpAction.Redact => "redact",
        _ => "allow",
    };

    private static string Name(DlpConfidence confidence) => confidence switch
    {
        DlpConfidence.High => "high",
        DlpConfidence.Medium => "medium",
        _ => "low",
    };

    /// <summary>Maps offsets to 1-based line and column numbers.</summary>
    private sealed class LineIndex
    {
        private readonly List<int> _starts = [0];

        public LineIndex(string text)
        {
            for (var i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\n', i + 1))
            {
                _starts.Add(i + 1);
            }
        }

        public (int Line, int Column) Locate(int offset)
        {
            var index = _starts.BinarySearch(offset);
            if (index < 0)
            {
                index = ~index - 1;
            }

            return (index + 1, offset - _starts[index] + 1);
        }
    }
}
