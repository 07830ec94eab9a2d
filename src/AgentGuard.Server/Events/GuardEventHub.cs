using System.Collections.Concurrent;
using System.Threading.Channels;
using AgentGuard.Protocol.V1;

namespace AgentGuard;

/// <summary>Fans the service's events (approvals waiting, halts, resumptions, alerts) out to every <c>WatchEvents</c> stream.</summary>
/// <remarks>Each watcher has a bounded queue; a watcher too slow to keep up loses its oldest events rather than slowing
/// decisions. Thread-safe.</remarks>
internal sealed class GuardEventHub
{
    private const int WatcherCapacity = 1024;
    private readonly ConcurrentDictionary<long, Channel<GuardEvent>> _watchers = new();
    private readonly TimeProvider _time;
    private long _next;

    public GuardEventHub(TimeProvider time) => _time = time;

    public int WatcherCount => _watchers.Count;

    public void Publish(GuardEvent guardEvent)
    {
        if (_watchers.IsEmpty)
        {
            return;
        }

        guardEvent.TimestampUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var watcher in _watchers.Values)
        {
            watcher.Writer.TryWrite(guardEvent);
        }
    }

    public Subscription Subscribe()
    {
        var id = Interlocked.Increment(ref _next);
        var channel = Channel.CreateBounded<GuardEvent>(new BoundedChannelOptions(WatcherCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _watchers[id] = channel;
        return new Subscription(this, id, channel.Reader);
    }

    internal sealed class Subscription(GuardEventHub hub, long id, ChannelReader<GuardEvent> reader) : IDisposable
    {
        public ChannelReader<GuardEvent> Reader { get; } = reader;

        public void Dispose() => hub._watchers.TryRemove(id, out _);
    }
}
