namespace AgentGuard;

/// <summary>Options for the SQLite audit sink (<see cref="SqliteAuditSink"/>).</summary>
public sealed class SqliteAuditOptions
{
    /// <summary>Gets or sets the database file; it and the table are created if missing.</summary>
    /// <remarks>Security: the table holds user, session and tool names but no raw argument or result values.</remarks>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>Gets or sets a full connection string instead of <see cref="DatabasePath"/> (for example with a password
    /// for an encrypted build of SQLite).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? ConnectionString { get; set; }

    /// <summary>Builds the connection string.</summary>
    /// <returns>The connection string.</returns>
    /// <exception cref="ArgumentException">Neither a path nor a connection string is set.</exception>
    internal string GetConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("Invalid SQLite audit options: DatabasePath or ConnectionString is required.");
        }

        return new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
    }
}
