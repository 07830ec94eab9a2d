using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGuard;

/// <summary>The default audit sink: JSON Lines files with a SHA-256 hash chain, rotated and anchored.</summary>
/// <remarks>
/// <para>Every line carries the previous line's hash (see docs/audit.md). Each file begins with an <c>anchor</c> record
/// that carries the last hash of the previous file (or zeros for the first file) and ends, when it is rotated or the
/// sink is disposed, with a <c>seal</c> record. A process that starts on a directory with existing files starts a new
/// file anchored to the last intact record it finds, so after a crash the chain verifies up to the last complete record
/// and continues from there.</para>
/// <para>Each batch is written with one write call and flushed; a batch that fails is cut back off the file, so the file
/// never keeps half of a failed batch. One writer per directory: a lock file refuses a second one. Thread-safe.</para>
/// </remarks>
public sealed partial class FileAuditSink : IAuditSink, IDisposable
{
    private static readonly JsonWriterOptions s_jsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private readonly string _directory;
    private readonly string _prefix;
    private readonly long _maxFileBytes;
    private readonly TimeSpan? _rotateInterval;
    private readonly AuditFormat _format;
    private readonly bool _flushToDisk;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly ArrayBufferWriter<byte> _body = new(4096);
    private readonly ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private FileStream? _lock;
    private FileStream? _file;
    private string? _fileName;
    private DateTimeOffset _fileOpened;
    private long _fileLength;
    private long _recordsInFile;
    private long _sequence;
    private Hash256 _last;
    private long _committedLength;
    private long _committedSequence;
    private long _committedRecordsInFile;
    private Hash256 _committedLast;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="FileAuditSink"/> class. Nothing is opened until the first write.</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock (record times, rotation by age).</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public FileAuditSink(FileAuditOptions options, TimeProvider? timeProvider = null, ILogger<FileAuditSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _directory = Path.GetFullPath(options.Directory);
        _prefix = options.FilePrefix;
        _maxFileBytes = options.MaxFileBytes;
        _rotateInterval = options.RotateInterval;
        _format = options.Format;
        _flushToDisk = options.FlushToDisk;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _json = new Utf8JsonWriter(_body, s_jsonOptions);
    }

    /// <inheritdoc />
    public string Name => "file";

    /// <summary>Gets the directory the files are written to.</summary>
    public string Directory => _directory;

    /// <summary>Gets the path of the file being written, or <see langword="null"/> before the first write and after disposal.</summary>
    public string? CurrentFile
    {
        get
        {
            lock (_gate)
            {
                return _file is null ? null : Path.Combine(_directory, _fileName!);
            }
        }
    }

    /// <summary>Gets the sequence number of the last record written (0 before any).</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _committedSequence;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="IOException">The file could not be written; the batch is not in the file.</exception>
    public ValueTask WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                EnsureOpen();
                foreach (var record in records)
                {
                    if (NeedsRotation())
                    {
                        Rotate();
                    }

                    BeginLine(record.Kind == AuditRecordKind.Decision ? "decision" : "dropped");
                    if (_format == AuditFormat.Ocsf)
                    {
                        OcsfRecordJson.WriteFields(_json, record, _sequence + 1);
                    }
                    else
                    {
                        AuditRecordJson.WriteFields(_json, record);
                    }

                    EndLine();
                }

                Commit();
            }
            catch
            {
                Abandon();
                throw;
            }
        }

        return default;
    }

    /// <summary>Seals the current file (the <c>seal</c> record names the chain's head) and releases the directory.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                if (_file is not null)
                {
                    SealAndCommit("shutdown");
                }
            }
            catch (IOException ex)
            {
                Log.SealFailed(_logger, ex, _fileName ?? string.Empty);
                Abandon();
            }
            finally
            {
                _file?.Dispose();
                _file = null;
                _lock?.Dispose();
                _lock = null;
                _json.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private void EnsureOpen()
    {
        if (_file is not null)
        {
            return;
        }

        string reason;
        string? previousFile;
        if (_lock is null)
        {
            System.IO.Directory.CreateDirectory(_directory);
            try
            {
                _lock = new FileStream(Path.Combine(_directory, "." + _prefix + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException ex)
            {
                throw new IOException($"another process is writing the audit trail in '{_directory}' (prefix '{_prefix}')", ex);
            }

            var tail = AuditFiles.FindTail(_directory, _prefix);
            if (tail is { } found)
            {
                _sequence = found.Record.Sequence;
                _last = found.Record.Hash;
                previousFile = found.FileName;
                reason = found.Record.Kind == AuditChain.Seal ? "restart" : "recover";
                if (reason == "recover")
                {
                    Log.PreviousNotSealed(_logger, found.FileName, _sequence);
                }
            }
            else
            {
                _sequence = 0;
                _last = Hash256.Genesis;
                previousFile = null;
                reason = "start";
            }

            _committedSequence = _sequence;
            _committedLast = _last;
        }
        else
        {
            // A write failed and the file was abandoned: continue, anchored to the last record that reached the disk.
            reason = "recover";
            previousFile = _fileName;
        }

        OpenFile(reason, previousFile);
    }

    private void OpenFile(string reason, string? previousFile)
    {
        var first = _sequence + 1;
        for (var attempt = 0; ; attempt++)
        {
            var name = AuditFiles.FileName(_prefix, first, attempt);
            try
            {
                _file = new FileStream(Path.Combine(_directory, name), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1);
                _fileName = name;
                break;
            }
            catch (IOException) when (attempt < 100 && File.Exists(Path.Combine(_directory, name)))
            {
                // A file that starts at the same sequence but holds no intact record (a crash during its anchor): keep it.
            }
        }

        _fileOpened = _time.GetUtcNow();
        _fileLength = 0;
        _committedLength = 0;
        _recordsInFile = 0;
        _committedRecordsInFile = 0;
        var previousHash = _last;
        BeginLine(AuditChain.Anchor);
        _json.WriteString("time", _fileOpened.ToUniversalTime());
        _json.WriteString("format", _format == AuditFormat.Ocsf ? "ocsf" : "agentguard");
        _json.WriteString("file", _fileName);
        AuditRecordJson.WriteIfPresent(_json, "prev_file", previousFile);
        _json.WriteString("reason", reason);
        EndLine();
        Log.FileOpened(_logger, _fileName!, first, previousHash.ToString(), reason);
    }

    private bool NeedsRotation() =>
        _recordsInFile > 1
        && (_fileLength >= _maxFileBytes || (_rotateInterval is { } interval && _time.GetUtcNow() - _fileOpened >= interval));

    private void Rotate()
    {
        SealAndCommit("rotate");
        var previous = _fileName;
        _file!.Dispose();
        _file = null;
        OpenFile("rotate", previous);
    }

    private void SealAndCommit(string reason)
    {
        Seal(reason);
        Commit();
        Log.FileSealed(_logger, _fileName!, _committedSequence, _committedLast.ToString());
    }

    private void Seal(string reason)
    {
        var records = _recordsInFile - 1;
        BeginLine(AuditChain.Seal);
        _json.WriteString("time", _time.GetUtcNow().ToUniversalTime());
        _json.WriteString("reason", reason);
        _json.WriteNumber("records", records);
        EndLine();
    }

    private void BeginLine(string kind)
    {
        _body.ResetWrittenCount();
        _json.Reset(_body);
        _json.WriteStartObject();
        _json.WriteNumber("seq", _sequence + 1);
        _json.WriteString("kind", kind);
    }

    private void EndLine()
    {
        Span<byte> hex = stackalloc byte[64];
        _last.WriteHex(hex);
        _json.WriteString("prev", hex);
        _json.WriteEndObject();
        _json.Flush();

        var body = _body.WrittenSpan;
        var hash = AuditChain.Hash(body);
        var length = body.Length - 1 + AuditChain.HashSuffixLength + 1;
        var line = _pending.GetSpan(length);
        body[..^1].CopyTo(line);
        var position = body.Length - 1;
        AuditChain.HashPrefix.CopyTo(line[position..]);
        position += AuditChain.HashPrefix.Length;
        hash.WriteHex(line.Slice(position, 64));
        position += 64;
        line[position++] = (byte)'"';
        line[position++] = (byte)'}';
        line[position++] = (byte)'\n';
        _pending.Advance(position);

        _sequence++;
        _last = hash;
        _fileLength += position;
        _recordsInFile++;
    }

    private void Commit()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        _file!.Write(_pending.WrittenSpan);
        _file.Flush(_flushToDisk);
        _pending.ResetWrittenCount();
        _committedLength = _fileLength;
        _committedSequence = _sequence;
        _committedLast = _last;
        _committedRecordsInFile = _recordsInFile;
    }

    private void Abandon()
    {
        _pending.ResetWrittenCount();
        _sequence = _committedSequence;
        _last = _committedLast;
        _recordsInFile = _committedRecordsInFile;
        if (_file is null)
        {
            return;
        }

        var path = Path.Combine(_directory, _fileName!);
        try
        {
            // Cut off whatever part of the failed batch reached the file, so it ends at the last committed record.
            _file.SetLength(_committedLength);
        }
        catch (IOException)
        {
            // The verifier will report the torn tail; the next file is anchored to the last committed record anyway.
        }
        finally
        {
            _file.Dispose();
            _file = null;
        }

        if (_committedLength == 0)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // An empty file without records is harmless to the chain.
            }
        }
    }
}
