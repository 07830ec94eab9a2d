namespace AgentGuard.Core.Tests.Audit;

/// <summary>A sink that records what it receives and can be made to block or to fail.</summary>
internal sealed class GatedSink : IAuditSink
{
    private readonly object _gate = new();
    private readonly List<AuditRecord> _records = [];
    private TaskCompletionSource _open = NewOpen(true);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "gated";

    public bool Fail { get; set; }

    public int Disposals { get; private set; }

    public Task Entered => _entered.Task;

    public IReadOnlyList<AuditRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    public IReadOnlyList<AuditRecord> Decisions => [.. Records.Where(static r => r.Kind == AuditRecordKind.Decision)];

    public void Close() => _open = NewOpen(false);

    public void Open() => _open.TrySetResult();

    public async ValueTask WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _open.Task.WaitAsync(cancellationToken);
        if (Fail)
        {
            throw new IOException("disk on fire");
        }

        lock (_gate)
        {
            _records.AddRange(records);
        }
    }

    public ValueTask DisposeAsync()
    {
        Disposals++;
        return default;
    }

    /// <summary>Waits (without a timing assertion) until <paramref name="condition"/> holds.</summary>
    public static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "condition not reached");
    }

    private static TaskCompletionSource NewOpen(bool open)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            source.SetResult();
        }

        return source;
    }
}
