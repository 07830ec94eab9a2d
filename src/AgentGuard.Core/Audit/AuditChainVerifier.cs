using System.Buffers;

namespace AgentGuard;

/// <summary>Verifies hash-chained audit files: reports the first modified, missing, inserted, reordered or truncated record.</summary>
/// <remarks>
/// Files may be given in any order (they are put in chain order by their first record); a directory stands for every
/// file in it named like an audit file (<c>{prefix}-{12-digit sequence}.jsonl</c>). A torn final line (a crash mid-write) is a warning and is ignored: the chain verifies up
/// to the last complete record. The newest file not ending with a seal is a warning unless a seal is required, since
/// a running or crashed writer leaves it so, and cutting whole records off the end of the newest file can only be told
/// apart from that by comparing <see cref="AuditVerificationResult.LastHash"/> with a head kept elsewhere (the file sink
/// logs it at every anchor and seal).
/// </remarks>
public static class AuditChainVerifier
{
    /// <summary>Verifies the chain formed by the given files.</summary>
    /// <param name="paths">Audit files, or directories of them.</param>
    /// <param name="requireSeal">Whether a chain that does not end with a seal is an error (for archived trails).</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="FileNotFoundException">A path does not exist.</exception>
    public static AuditVerificationResult Verify(IEnumerable<string> paths, bool requireSeal = false)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (System.IO.Directory.Exists(path))
            {
                // In a directory, only files named like audit files ({prefix}-{12-digit sequence}.jsonl); given by name, any file.
                foreach (var file in System.IO.Directory.EnumerateFiles(path, "*" + AuditFiles.Extension).Order(StringComparer.Ordinal))
                {
                    if (AuditFiles.TryParseFirstSequence(Path.GetFileName(file), null, out _) && seen.Add(Path.GetFullPath(file)))
                    {
                        files.Add(file);
                    }
                }
            }
            else if (File.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    files.Add(path);
                }
            }
            else
            {
                throw new FileNotFoundException($"no such audit file or directory: {path}", path);
            }
        }

        return new Walk(files, requireSeal).Run();
    }

    private readonly record struct Entry(int File, int Line, bool Parsed, bool Valid, long Sequence, string Kind, Hash256 Previous, Hash256 Hash, string? PreviousFile);

    private sealed class Walk(List<string> files, bool requireSeal)
    {
        private readonly List<Entry> _entries = [];
        private readonly List<AuditChainIssue> _warnings = [];
        private readonly HashSet<Hash256> _referenced = [];
        private string[] _files = [];
        private int _lastValid = -1;

        public AuditVerificationResult Run()
        {
            Load();
            if (_entries.Count == 0)
            {
                return Result(new AuditChainIssue(AuditChainIssueKind.Empty, _files.FirstOrDefault(), null, null, "no audit record found"), -1, 0, false);
            }

            var previous = -1;
            long count = 0;
            var startsAtGenesis = false;
            for (var i = 0; i < _entries.Count; i++)
            {
                var entry = _entries[i];
                var fileStart = i == 0 || entry.File != _entries[i - 1].File;
                var problem = Check(i, previous, fileStart, ref startsAtGenesis);
                if (problem is not null)
                {
                    return Result(problem, previous, count, startsAtGenesis);
                }

                if (fileStart && previous >= 0 && _entries[previous].Kind != AuditChain.Seal)
                {
                    _warnings.Add(Issue(AuditChainIssueKind.Unsealed, _entries[previous], $"{Name(_entries[previous].File)} is not sealed: its writer stopped without shutting down; the chain continues in {Name(entry.File)}"));
                }

                previous = i;
                count++;
            }

            var last = _entries[previous];
            if (last.Kind != AuditChain.Seal)
            {
                var unsealed = Issue(AuditChainIssueKind.Unsealed, last, $"the chain ends at record {last.Sequence} without a seal: the writer is still running or crashed, or records were cut from the end");
                if (requireSeal)
                {
                    return Result(unsealed, previous, count, startsAtGenesis);
                }

                _warnings.Add(unsealed);
            }

            return Result(null, previous, count, startsAtGenesis);
        }

        private AuditChainIssue? Check(int i, int previous, bool fileStart, ref bool startsAtGenesis)
        {
            var entry = _entries[i];
            var nextLinksToPrevious = i + 1 < _entries.Count && Links(i + 1, previous);
            if (!entry.Valid)
            {
                if (nextLinksToPrevious)
                {
                    return Issue(AuditChainIssueKind.Inserted, entry, "this line is not part of the chain: the record after it links to the record before it");
                }

                return Issue(AuditChainIssueKind.Modified, entry, entry.Parsed
                    ? $"record {entry.Sequence} was edited: its content does not match its hash"
                    : "this line is not a well-formed audit record: it was edited or damaged");
            }

            if (previous < 0)
            {
                if (entry.Kind != AuditChain.Anchor)
                {
                    return Issue(AuditChainIssueKind.Missing, entry, "the chain does not begin with an anchor record: its first record(s) were removed");
                }

                startsAtGenesis = entry.Previous == Hash256.Genesis;
                if (startsAtGenesis && entry.Sequence != 1)
                {
                    return Issue(AuditChainIssueKind.Modified, entry, $"record {entry.Sequence} claims to begin the chain but is not record 1");
                }

                if (!startsAtGenesis)
                {
                    _warnings.Add(Issue(AuditChainIssueKind.Missing, entry, $"the chain given begins at record {entry.Sequence}; earlier files were not given (retention?)"));
                }

                return null;
            }

            if (fileStart && entry.Kind != AuditChain.Anchor)
            {
                return Issue(AuditChainIssueKind.Missing, entry, $"{Name(entry.File)} does not begin with an anchor record: its first record(s) were removed");
            }

            if (Links(i, previous))
            {
                return null;
            }

            var before = _entries[previous];
            var expected = before.Sequence + 1;
            if (nextLinksToPrevious && !IsGenuine(i))
            {
                return Issue(AuditChainIssueKind.Inserted, entry, $"this record (claiming sequence {entry.Sequence}) is not part of the chain: the record after it links to record {before.Sequence}");
            }

            if (entry.Sequence == expected)
            {
                return IsGenuine(i)
                    ? Issue(AuditChainIssueKind.Modified, before, $"record {before.Sequence} was replaced: record {entry.Sequence} ({Where(entry)}) does not link to it")
                    : Issue(AuditChainIssueKind.Modified, entry, $"record {entry.Sequence} does not link to record {before.Sequence}: it was replaced or forged");
            }

            if (entry.Sequence > expected)
            {
                var later = FindLater(i, expected, before.Hash);
                if (later >= 0)
                {
                    return Issue(AuditChainIssueKind.Reordered, entry, $"record {entry.Sequence} comes before record {expected} ({Where(_entries[later])}): records were reordered");
                }

                var range = entry.Sequence - 1 == expected ? $"record {expected} is" : $"records {expected}-{entry.Sequence - 1} are";
                if (fileStart && entry.PreviousFile is { } previousFile && previousFile != Name(before.File))
                {
                    return new AuditChainIssue(
                        AuditChainIssueKind.Missing,
                        _files[entry.File],
                        entry.Line,
                        expected,
                        $"{Name(entry.File)} continues from {previousFile}, which was not given: {range} missing (the file was removed)");
                }

                if (fileStart)
                {
                    return new AuditChainIssue(
                        AuditChainIssueKind.Truncated,
                        _files[before.File],
                        before.Line + 1,
                        expected,
                        $"{Name(before.File)} was truncated: it ends at record {before.Sequence} but {Name(entry.File)} is anchored after record {entry.Sequence - 1}; {range} missing from its end");
                }

                return new AuditChainIssue(AuditChainIssueKind.Missing, _files[entry.File], entry.Line, expected, $"{range} missing before this line (the chain jumps from record {before.Sequence} to {entry.Sequence})");
            }

            var copy = FindEarlierCopy(i);
            if (copy >= 0)
            {
                return Issue(AuditChainIssueKind.Inserted, entry, $"this line repeats record {entry.Sequence} ({Where(_entries[copy])})");
            }

            if (entry.Sequence == before.Sequence && IsGenuine(i) && !IsGenuine(previous))
            {
                return Issue(AuditChainIssueKind.Inserted, before, $"this record claims sequence {before.Sequence}, but the chain continues from {Where(entry)}: it was inserted");
            }

            return Issue(AuditChainIssueKind.Reordered, entry, $"record {entry.Sequence} appears after record {before.Sequence}: records were reordered");
        }

        private bool Links(int i, int previous)
        {
            var entry = _entries[i];
            if (!entry.Valid)
            {
                return false;
            }

            if (previous < 0)
            {
                return true;
            }

            var before = _entries[previous];
            return entry.Sequence == before.Sequence + 1 && entry.Previous == before.Hash;
        }

        private bool IsGenuine(int i) => _referenced.Contains(_entries[i].Hash) || i == _lastValid;

        private int FindLater(int from, long sequence, Hash256 previous)
        {
            for (var j = from + 1; j < _entries.Count; j++)
            {
                var entry = _entries[j];
                if (entry.Valid && entry.Sequence == sequence && entry.Previous == previous)
                {
                    return j;
                }
            }

            return -1;
        }

        private int FindEarlierCopy(int i)
        {
            var hash = _entries[i].Hash;
            for (var j = i - 1; j >= 0; j--)
            {
                if (_entries[j].Valid && _entries[j].Hash == hash)
                {
                    return j;
                }
            }

            return -1;
        }

        private void Load()
        {
            // Read every file, then put the files in chain order by their first readable sequence number.
            var loaded = new List<(string Path, List<Entry> Entries, long Key, int Order)>();
            for (var f = 0; f < files.Count; f++)
            {
                var entries = ReadFile(files[f], f);
                var key = entries.FirstOrDefault(static e => e.Parsed) is { Parsed: true } first
                    ? first.Sequence
                    : AuditFiles.TryParseFirstSequence(Path.GetFileName(files[f]), null, out var named) ? named : long.MaxValue;
                loaded.Add((files[f], entries, key, f));
            }

            loaded.Sort(static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Order.CompareTo(b.Order));
            _files = [.. loaded.Select(static l => l.Path)];
            for (var f = 0; f < loaded.Count; f++)
            {
                if (loaded[f].Entries.Count == 0)
                {
                    _warnings.Add(new AuditChainIssue(AuditChainIssueKind.Empty, loaded[f].Path, null, null, "the file holds no complete record"));
                }

                foreach (var entry in loaded[f].Entries)
                {
                    _entries.Add(entry with { File = f });
                    if (entry.Valid)
                    {
                        _referenced.Add(entry.Previous);
                        _lastValid = _entries.Count - 1;
                    }
                }
            }
        }

        private List<Entry> ReadFile(string path, int fileIndex)
        {
            var entries = new List<Entry>();
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                var filled = 0;
                var lineNumber = 0;
                while (true)
                {
                    if (filled == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = stream.Read(buffer, filled, buffer.Length - filled);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                    var start = 0;
                    int newline;
                    while ((newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n')) >= 0)
                    {
                        lineNumber++;
                        entries.Add(ParseLine(buffer.AsSpan(start, newline), fileIndex, lineNumber));
                        start += newline + 1;
                    }

                    buffer.AsSpan(start, filled - start).CopyTo(buffer);
                    filled -= start;
                }

                if (filled > 0)
                {
                    _warnings.Add(new AuditChainIssue(
                        AuditChainIssueKind.Incomplete,
                        path,
                        lineNumber + 1,
                        null,
                        $"the file ends with an incomplete record ({filled} bytes without a line end): the writer was interrupted mid-write; it is ignored"));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            return entries;
        }

        private static Entry ParseLine(ReadOnlySpan<byte> line, int file, int lineNumber)
        {
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            return AuditChain.TryParse(line, out var parsed)
                ? new Entry(file, lineNumber, true, parsed.HashMatches, parsed.Sequence, parsed.Kind, parsed.Previous, parsed.Hash, parsed.PreviousFile)
                : new Entry(file, lineNumber, false, false, -1, string.Empty, default, default, null);
        }

        private AuditVerificationResult Result(AuditChainIssue? error, int last, long count, bool startsAtGenesis)
        {
            var lastEntry = last >= 0 ? _entries[last] : default;
            return new AuditVerificationResult(
                error,
                _warnings,
                _files,
                count,
                _entries.Count > 0 && _entries[0].Parsed ? _entries[0].Sequence : null,
                last >= 0 ? lastEntry.Sequence : null,
                last >= 0 ? lastEntry.Hash.ToString() : null,
                last >= 0 && lastEntry.Kind == AuditChain.Seal && error is null,
                startsAtGenesis);
        }

        private AuditChainIssue Issue(AuditChainIssueKind kind, Entry entry, string message) =>
            new(kind, _files[entry.File], entry.Line, entry.Parsed ? entry.Sequence : null, message);

        private string Name(int file) => Path.GetFileName(_files[file]);

        private string Where(Entry entry) => $"line {entry.Line} of {Name(entry.File)}";
    }
}
