using System.ComponentModel.DataAnnotations;

namespace AgentGuard;

/// <summary>Options for the audit trail: its queue, what happens when the queue is full, and how arguments are digested.</summary>
public sealed class AuditOptions
{
    /// <summary>Gets or sets how many records the queue holds before <see cref="OverflowMode"/> applies.</summary>
    /// <value>The default value is 8192.</value>
    [Range(1, 16 * 1024 * 1024)]
    public int Capacity { get; set; } = AuditDefaults.Capacity;

    /// <summary>Gets or sets what happens to a record when the queue is full.</summary>
    /// <value>The default value is <see cref="AuditOverflowMode.Drop"/> (with refusals never dropped).</value>
    public AuditOverflowMode OverflowMode { get; set; } = AuditDefaults.OverflowMode;

    /// <summary>Gets or sets a value indicating whether deny and halt records wait for room instead of being dropped
    /// in <see cref="AuditOverflowMode.Drop"/> mode.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool NeverDropRefusals { get; set; } = true;

    /// <summary>Gets or sets the largest number of records handed to the sinks at once.</summary>
    /// <value>The default value is 256.</value>
    [Range(1, 65536)]
    public int MaxBatchSize { get; set; } = AuditDefaults.MaxBatchSize;

    /// <summary>Gets or sets a secret key for the digests of arguments, results and resources (HMAC-SHA256).</summary>
    /// <remarks>Security: without a key the digests are plain SHA-256, which lets an investigator confirm a suspected
    /// value, but also lets anyone who reads the trail confirm a guess of a low-entropy value (a customer id, a phone
    /// number). With a key only its holders can.</remarks>
    /// <value>The default value is <see langword="null"/> (plain SHA-256).</value>
    public byte[]? DigestKey { get; set; }

    /// <summary>Gets or sets how long disposal (or process exit) waits for queued records to reach the sinks.</summary>
    /// <value>The default value is 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ShutdownTimeout { get; set; } = AuditDefaults.ShutdownTimeout;
}
