using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentGuard;

internal static partial class PolicyFileReader
{
    /// <summary>The largest policy file accepted, in bytes (UTF-8): 1 MB.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    /// <summary>The error for a file over <see cref="MaxFileBytes"/>.</summary>
    public static PolicyError TooLarge(string path) =>
        new(path, null, null, string.Empty, string.Create(CultureInfo.InvariantCulture, $"the file is larger than 1 MB ({MaxFileBytes} bytes), the limit for policy files: split it"));

    // Size, emptiness, JSON validation, YAML parsing and sanitizing; null when nothing can be read.
    private static LoadedFile? Load(string path, string text, List<PolicyError> errors, string nothing)
    {
        if (text.Length > MaxFileBytes || Encoding.UTF8.GetByteCount(text) > MaxFileBytes)
        {
            errors.Add(TooLarge(path));
            return null;
        }

        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new PolicyError(path, 1, 1, string.Empty, $"the file is empty: it holds {nothing}"));
            return null;
        }

        // JSON is YAML flow syntax, so valid JSON goes through the same reader; System.Text.Json first gives JSON authors
        // JSON error messages. A non-.json file that merely starts with '{' may be a YAML flow mapping: if it is not valid
        // JSON but is valid YAML, it is read as YAML.
        var isJsonFile = Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase);
        var isJson = isJsonFile || text.TrimStart()[0] == '{';
        PolicyError? jsonError = null;
        if (isJson)
        {
            jsonError = ValidateJson(path, text);
            if (jsonError is null)
            {
                // Raw tabs are whitespace in JSON but not in YAML; they cannot occur inside valid JSON strings.
                text = text.Replace('\t', ' ');
            }
            else if (isJsonFile)
            {
                errors.Add(jsonError);
                return null;
            }
            else
            {
                isJson = false;
            }
        }

        var events = YamlEventSanitizer.Read(text);
        if (events.SyntaxError is not null && jsonError is not null)
        {
            errors.Add(jsonError);
            return null;
        }

        var flagged = new HashSet<int>();
        foreach (var (document, field, mark, message) in events.Problems)
        {
            flagged.Add(document);
            errors.Add(new PolicyError(path, Position(mark.Line), Position(mark.Column), field, message));
        }

        if (events.SyntaxError is { } syntax)
        {
            errors.Add(SyntaxError(path, syntax, text));
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(events);
        }
        catch (YamlException ex)
        {
            errors.Add(SyntaxError(path, ex, text));
            return null;
        }

        var documents = new List<LoadedDocument>(stream.Documents.Count);
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            // An empty document (a stray or trailing ---) holds nothing to enforce; skip it.
            var root = stream.Documents[i].RootNode;
            if (root is not YamlScalarNode scalar || !PolicyNodeReader.IsNull(scalar))
            {
                documents.Add(new LoadedDocument(root, flagged.Contains(i)));
            }
        }

        if (documents.Count == 0 && events.SyntaxError is null && events.Problems.Count == 0)
        {
            errors.Add(new PolicyError(path, 1, 1, string.Empty, $"the file is empty: it holds {nothing}"));
            return null;
        }

        return new LoadedFile(documents, isJson, events.Placeholders);
    }

    // Catalog and users files hold one document; a second one is reported and makes the file unusable.
    private static LoadedDocument? Single(string path, LoadedFile file, List<PolicyError> errors, string what)
    {
        if (file.Documents.Count == 0)
        {
            return null;
        }

        for (var i = 1; i < file.Documents.Count; i++)
        {
            var root = file.Documents[i].Root;
            errors.Add(new PolicyError(path, Position(root.Start.Line), Position(root.Start.Column), string.Empty, $"{what} file holds one YAML document; remove this second one (or the --- before it)"));
        }

        var first = file.Documents[0];
        return first with { HasErrors = first.HasErrors || file.Documents.Count > 1 };
    }

    private static PolicyError? ValidateJson(string path, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return null;
        }
        catch (JsonException ex)
        {
            var line = (int)Math.Clamp(ex.LineNumber ?? 0, 0, int.MaxValue - 1);
            var column = JsonColumn(text, line, ex.BytePositionInLine ?? 0);
            // Keep System.Text.Json's description, not its position suffix nor its advice to change reader options.
            var message = ex.Message;
            foreach (var tail in (ReadOnlySpan<string>)[" Path: ", " LineNumber: ", " Change the reader options", " which is not supported in this mode"])
            {
                if (message.IndexOf(tail, StringComparison.Ordinal) is var cut and >= 0)
                {
                    message = message[..cut];
                }
            }

            return new PolicyError(path, line + 1, column, string.Empty, $"JSON syntax error: {message.TrimEnd('.', ' ')}");
        }
    }

    // System.Text.Json reports a 0-based byte offset in the line; editors count characters from 1.
    private static int JsonColumn(string text, int line, long bytePosition)
    {
        var start = 0;
        for (var i = 0; i < line; i++)
        {
            var next = text.IndexOf('\n', start);
            if (next < 0)
            {
                return (int)Math.Min(bytePosition + 1, int.MaxValue);
            }

            start = next + 1;
        }

        var end = text.IndexOf('\n', start);
        var bytes = Encoding.UTF8.GetBytes(text[start..(end < 0 ? text.Length : end)]);
        var count = (int)Math.Clamp(bytePosition, 0, bytes.Length);
        return Encoding.UTF8.GetCharCount(bytes, 0, count) + 1;
    }

    private static PolicyError SyntaxError(string path, YamlException ex, string text)
    {
        var (line, column) = (Position(ex.Start.Line), Position(ex.Start.Column));
        if (ex.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindTabIndent(text, line) is { } tab)
        {
            // YamlDotNet points at the enclosing mapping; the author needs the line indented with a tab.
            (line, column) = tab;
        }

        return new PolicyError(path, line, column, string.Empty, $"YAML syntax error: {ex.Message}");
    }

    private static (int Line, int Column)? FindTabIndent(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = fromLine - 1; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    private static int Position(long value) => (int)Math.Clamp(value, 1, int.MaxValue);

    private sealed record LoadedFile(IReadOnlyList<LoadedDocument> Documents, bool IsJson, IReadOnlySet<long> Placeholders);

    private readonly record struct LoadedDocument(YamlNode Root, bool HasErrors);
}
