using System.Globalization;

namespace AgentGuard;

/// <summary>Finding audit files and their last records (for the writer's restart and for verification).</summary>
internal static class AuditFiles
{
    public const string Extension = ".jsonl";

    public static string FileName(string prefix, long firstSequence, int attempt) => attempt == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{prefix}-{firstSequence:D12}{Extension}")
        : string.Create(CultureInfo.InvariantCulture, $"{prefix}-{firstSequence:D12}-{attempt}{Extension}");

    /// <summary>Reads the first sequence number from a name such as <c>audit-000000000042.jsonl</c> or <c>audit-000000000042-1.jsonl</c>.</summary>
    public static bool TryParseFirstSequence(string fileName, string? prefix, out long firstSequence)
    {
        firstSequence = 0;
        if (!fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var stem = fileName[..^Extension.Length];
        if (prefix is not null)
        {
            if (!stem.StartsWith(prefix + "-", StringComparison.Ordinal))
            {
                return false;
            }

            stem = stem[(prefix.Length + 1)..];
            var parts = stem.Split('-');
            return parts.Length <= 2 && IsSequence(parts[0], out firstSequence);
        }

        // Any prefix: the last dash-separated part of exactly twelve digits.
        var segments = stem.Split('-');
        for (var i = segments.Length - 1; i >= 1; i--)
        {
            if (IsSequence(segments[i], out firstSequence))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds the newest complete, intact record among a directory's files of one prefix.</summary>
    /// <returns>The file it is in and the record, or <see langword="null"/> when there is none.</returns>
    public static (string FileName, AuditChain.ParsedLine Record)? FindTail(string directory, string prefix)
    {
        var files = new List<(long First, string Name)>();
        foreach (var path in Directory.EnumerateFiles(directory, prefix + "-*" + Extension))
        {
            var name = Path.GetFileName(path);
            if (TryParseFirstSequence(name, prefix, out var first))
            {
                files.Add((first, name));
            }
        }

        files.Sort(static (a, b) => a.First != b.First ? a.First.CompareTo(b.First) : string.CompareOrdinal(a.Name, b.Name));
        for (var i = files.Count - 1; i >= 0; i--)
        {
            if (TryReadLastRecord(Path.Combine(directory, files[i].Name), out var record))
            {
                return (files[i].Name, record);
            }
        }

        return null;
    }

    private static bool IsSequence(string text, out long value)
    {
        value = 0;
        return text.Length == 12 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads the last complete line of a file whose hash matches its content, skipping a torn final line.</summary>
    public static bool TryReadLastRecord(string path, out AuditChain.ParsedLine record)
    {
        record = default;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = stream.Length;
        if (length == 0)
        {
            return false;
        }

        var window = (int)Math.Min(length, 256 * 1024);
        while (true)
        {
            var buffer = new byte[window];
            stream.Position = length - window;
            stream.ReadExactly(buffer);
            var span = buffer.AsSpan();
            var end = span.LastIndexOf((byte)'\n');
            while (end >= 0)
            {
                var start = span[..end].LastIndexOf((byte)'\n') + 1;
                if (start == 0 && window < length)
                {
                    break;
                }

                if (AuditChain.TryParse(span[start..end], out var parsed) && parsed.HashMatches)
                {
                    record = parsed;
                    return true;
                }

                end = start - 1;
            }

            if (window == length)
            {
                return false;
            }

            window = (int)Math.Min(Math.Min(length, (long)window * 4), Array.MaxLength);
        }
    }
}
