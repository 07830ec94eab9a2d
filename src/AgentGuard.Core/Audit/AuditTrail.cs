using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>The audit trail: a decision listener that queues every decision and writes it to the sinks in the background.</summary>
/// <remarks>
/// <para>On the tool-call path it only enqueues the engine's <see cref="DecisionEvent"/> (a non-blocking channel write);
/// building the record (digests) and writing it happen on one background task, in decision order.</para>
/// <para>When the bounded queue is full, <see cref="AuditOptions.OverflowMode"/> decides: wait, drop and count (refusals
/// still wait by default), or fail closed (wait, and <c>audit.unavailable</c> denies new calls meanwhile).</para>
/// <para>Disposal (and process exit) completes the queue, waits up to <see cref="AuditOptions.ShutdownTimeout"/> for it to
/// drain, then disposes the sinks, so an orderly shutdown loses nothing. Thread-safe.</para>
/// </remarks>
public sealed partial class AuditTrail : IDecisionListener, IAsyncDisposable, IDisposable
{
    private readonly Channel<DecisionEvent> _queue;
    private readonly IAuditSink[] _sinks;
    private readonly KeyValuePair<string, object?>[] _sinkTags;
    private readonly int _capacity;
    private readonly int _maxBatchSize;
    private readonly AuditOverflowMode _mode;
    private readonly bool _neverDropRefusals;
    private readonly TimeSpan _shutdownTimeout;
    private readonly AuditDigester _digester;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task? _writer;
    private readonly object _closeGate = new();
    private Task? _closing;
    private long _pendingDropped;
    private long _droppedTotal;
    private volatile bool _faulted;
    private volatile bool _closed;

    /// <summary>Initializes a new instance of the <see cref="AuditTrail"/> class and starts its writer.</summary>
    /// <param name="sinks">Where records go; the trail disposes them when it is disposed.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock (for dropped-record notices).</param>
    /// <param name="logger">The logger.</param>
    public AuditTrail(IEnumerable<IAuditSink> sinks, IOptions<AuditOptions> options, TimeProvider? timeProvider = null, ILogger<AuditTrail>? logger = null)
        : this(sinks, (options ?? throw new ArgumentNullException(nameof(options))).Value, timeProvider, logger, startWriter: true)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditTrail"/> class.</summary>
    /// <param name="sinks">Where records go.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="startWriter">Whether to start the background writer (benchmarks drain the queue themselves).</param>
    internal AuditTrail(IEnumerable<IAuditSink> sinks, AuditOptions options, TimeProvider? timeProvider, ILogger? logger, bool startWriter)
    {
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(options);
        _sinks = [.. sinks];
        _sinkTags = [.. _sinks.Select(static s => new KeyValuePair<string, object?>(TelemetryNames.AuditSink, s.Name))];
        _capacity = options.Capacity;
        _maxBatchSize = options.MaxBatchSize;
        _mode = options.OverflowMode;
        _neverDropRefusals = options.NeverDropRefusals;
        _shutdownTimeout = options.ShutdownTimeout;
        _digester = new AuditDigester(options.DigestKey);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<DecisionEvent>(new BoundedChannelOptions(_capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        if (startWriter)
        {
            _writer = Task.Run(RunAsync);
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }
    }

    /// <summary>Gets how many records were dropped since the trail started (queue full in drop mode, or trail closed).</summary>
    public long DroppedCount => Interlocked.Read(ref _droppedTotal);

    /// <summary>Gets how many records wait in the queue.</summary>
    public int QueueLength => _queue.Reader.Count;

    /// <summary>Gets a value indicating whether the last batch reached every sink.</summary>
    public bool IsHealthy => !_faulted;

    /// <summary>Gets a value indicating whether a record enqueued now would be accepted at once and then written:
    /// the trail is open, its queue has room and its sinks are healthy.</summary>
    public bool CanAccept => !_closed && !_faulted && _queue.Reader.Count < _capacity;

    /// <summary>Gets the queue's overflow mode.</summary>
    internal AuditOverflowMode OverflowMode => _mode;

    /// <summary>Gets the queue's reader, for benchmarks that run without the background writer.</summary>
    internal ChannelReader<DecisionEvent> Reader => _queue.Reader;

    /// <inheritdoc />
    public ValueTask OnDecisionAsync(DecisionEvent decisionEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decisionEvent);
        return _queue.Writer.TryWrite(decisionEvent) ? default : OnFullAsync(decisionEvent, cancellationToken);
    }

    /// <summary>Completes the queue, waits for it to drain (up to the shutdown timeout) and disposes the sinks.</summary>
    /// <returns>A task that completes when the trail is closed.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_closeGate)
        {
            _closing ??= CloseAsync();
            return new ValueTask(_closing);
        }
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static bool IsRefusal(GuardDecision decision) => decision.Verdict >= GuardVerdict.Deny || decision.EnforcedAction >= GuardVerdict.Deny;

    private async ValueTask OnFullAsync(DecisionEvent decisionEvent, CancellationToken cancellationToken)
    {
        var wait = !_closed && _mode switch
        {
            AuditOverflowMode.Wait => true,
            AuditOverflowMode.Drop => _neverDropRefusals && IsRefusal(decisionEvent.Decision),
            _ => !_faulted,
        };
        if (wait)
        {
            try
            {
                await _queue.Writer.WriteAsync(decisionEvent, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ChannelClosedException)
            {
                // Closed while waiting: counted below.
            }
            catch (OperationCanceledException)
            {
                // The caller gave up waiting: its record is lost, and says so.
                CountDropped();
                throw;
            }
        }

        CountDropped();
    }

    private void CountDropped()
    {
        Interlocked.Increment(ref _droppedTotal);
        AgentGuardTelemetry.AuditDropped.Add(1);
        if (Interlocked.Increment(ref _pendingDropped) == 1)
        {
            Log.RecordsDropped(_logger, _closed ? "the trail is closed" : _faulted ? "the sinks are failing" : "the queue is full", DroppedCount);
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<AuditRecord>(_maxBatchSize + 1);
        try
        {
            while (await reader.WaitToReadAsync(_abort.Token).ConfigureAwait(false))
            {
                AddDroppedNotice(batch);
                while (batch.Count < _maxBatchSize && reader.TryRead(out var decisionEvent))
                {
                    batch.Add(AuditRecord.FromDecision(decisionEvent, _digester));
                }

                await WriteBatchAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }

            AddDroppedNotice(batch);
            if (batch.Count > 0)
            {
                await WriteBatchAsync(batch).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Shutdown timed out; CloseAsync reports what was left behind.
        }
    }

    private void AddDroppedNotice(List<AuditRecord> batch)
    {
        var dropped = Interlocked.Exchange(ref _pendingDropped, 0);
        if (dropped > 0)
        {
            batch.Add(new AuditRecord { Kind = AuditRecordKind.Dropped, Timestamp = _time.GetUtcNow(), DroppedCount = dropped });
        }
    }

    private async ValueTask WriteBatchAsync(List<AuditRecord> batch)
    {
        var failed = false;
        for (var i = 0; i < _sinks.Length; i++)
        {
            var sink = _sinks[i];
            try
            {
                await sink.WriteAsync(batch, _abort.Token).ConfigureAwait(false);
                AgentGuardTelemetry.AuditRecords.Add(batch.Count, _sinkTags[i]);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_abort.IsCancellationRequested)
            {
                failed = true;
                AgentGuardTelemetry.AuditFailures.Add(batch.Count, _sinkTags[i]);
                Log.SinkFailed(_logger, ex, sink.Name, batch.Count);
            }
        }

        if (_faulted && !failed)
        {
            Log.SinksRecovered(_logger);
        }

        _faulted = failed;
    }

    private async Task CloseAsync()
    {
        _closed = true;
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            try
            {
                await _writer.WaitAsync(_shutdownTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await _abort.CancelAsync().ConfigureAwait(false);
                try
                {
                    // Let the writer leave the sink it was stuck in before the sinks are disposed under it.
                    await _writer.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // A sink that ignores cancellation: dispose anyway.
                }

                var left = 0;
                while (_queue.Reader.TryRead(out _))
                {
                    left++;
                }

                Interlocked.Add(ref _droppedTotal, left);
                AgentGuardTelemetry.AuditDropped.Add(left);
                Log.ShutdownTimedOut(_logger, _shutdownTimeout, left);
            }
        }

        foreach (var sink in _sinks)
        {
            try
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.SinkFailed(_logger, ex, sink.Name, 0);
            }
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();
}
