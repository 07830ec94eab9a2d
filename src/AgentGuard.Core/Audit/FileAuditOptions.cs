namespace AgentGuard;

/// <summary>Options for the JSON Lines audit file sink (<see cref="FileAuditSink"/>).</summary>
public sealed class FileAuditOptions
{
    /// <summary>Gets or sets the directory the audit files are written to; it is created if missing.</summary>
    /// <remarks>Security: one writer per directory (a lock file enforces it); the files hold no raw argument or result
    /// values, but they do hold user, session and tool names: restrict who may read the directory.</remarks>
    public string Directory { get; set; } = string.Empty;

    /// <summary>Gets or sets the file name prefix: files are named <c>{prefix}-{first sequence:D12}.jsonl</c>.</summary>
    /// <value>The default value is <c>"audit"</c>.</value>
    public string FilePrefix { get; set; } = AuditDefaults.FilePrefix;

    /// <summary>Gets or sets the size at which a file is sealed and a new one, anchored to it, is started.</summary>
    /// <value>The default value is 64 MiB.</value>
    public long MaxFileBytes { get; set; } = AuditDefaults.MaxFileBytes;

    /// <summary>Gets or sets the age at which a file is sealed and a new one started, or <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? RotateInterval { get; set; }

    /// <summary>Gets or sets the shape of the records.</summary>
    /// <value>The default value is <see cref="AuditFormat.AgentGuard"/>.</value>
    public AuditFormat Format { get; set; }

    /// <summary>Gets or sets a value indicating whether each batch is forced to disk (fsync) rather than to the operating system.</summary>
    /// <remarks>Without it a killed process loses nothing that was written, but a power cut may lose the last batches.</remarks>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool FlushToDisk { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    internal void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add("Directory is required");
        }

        if (string.IsNullOrEmpty(FilePrefix) || !FilePrefix.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            errors.Add("FilePrefix must be letters, digits, '.', '_' or '-'");
        }

        if (MaxFileBytes < 4096)
        {
            errors.Add("MaxFileBytes must be at least 4096");
        }

        if (RotateInterval is { } interval && interval <= TimeSpan.Zero)
        {
            errors.Add("RotateInterval must be positive");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid file audit options: " + string.Join("; ", errors) + ".");
        }
    }
}
