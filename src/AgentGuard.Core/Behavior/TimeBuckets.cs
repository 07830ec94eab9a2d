using System.Text.Json.Serialization;

namespace AgentGuard;

/// <summary>A fixed ring of time buckets counting events: constant memory and constant work per update.</summary>
internal sealed class TimeBuckets
{
    public TimeBuckets()
    {
    }

    public TimeBuckets(int buckets, TimeSpan width)
    {
        Stamps = new long[buckets];
        Counts = new long[buckets];
        WidthTicks = width.Ticks;
    }

    /// <summary>Gets or sets the bucket number (time / width) each slot holds.</summary>
    [JsonInclude]
    public long[] Stamps { get; set; } = [];

    /// <summary>Gets or sets the count of each slot.</summary>
    [JsonInclude]
    public long[] Counts { get; set; } = [];

    /// <summary>Gets or sets the width of a bucket in ticks.</summary>
    [JsonInclude]
    public long WidthTicks { get; set; }

    public void Add(long ticks, long amount)
    {
        var bucket = ticks / WidthTicks;
        var slot = (int)(bucket % Stamps.Length);
        if (Stamps[slot] != bucket)
        {
            Stamps[slot] = bucket;
            Counts[slot] = 0;
        }

        Counts[slot] += amount;
    }

    /// <summary>Sums the buckets of the last <paramref name="buckets"/> widths, the current one included.</summary>
    public long Sum(long ticks, int buckets)
    {
        var current = ticks / WidthTicks;
        long sum = 0;
        for (var i = 0; i < Stamps.Length; i++)
        {
            var age = current - Stamps[i];
            if (age >= 0 && age < buckets)
            {
                sum += Counts[i];
            }
        }

        return sum;
    }

    public long Sum(long ticks) => Sum(ticks, Stamps.Length);
}
