using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AgentGuard;

/// <summary>An audit sink that stores every record as a row of an SQLite table, for queries
/// (<see cref="SqliteAuditReader"/>, <c>agentguard audit query</c>).</summary>
/// <remarks>Each batch is one transaction: it is stored whole or not at all. The table is for questions, not proof:
/// the tamper-evident record is the hash-chained file sink; use both. Thread-safe.</remarks>
public sealed class SqliteAuditSink : IAuditSink, IDisposable
{
    private readonly string _connectionString;
    private readonly object _gate = new();
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SqliteAuditSink"/> class. Nothing is opened until the first write.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">Neither a path nor a connection string is set.</exception>
    public SqliteAuditSink(SqliteAuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connectionString = options.GetConnectionString();
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public ValueTask WriteAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var insert = EnsureOpen();
            using var transaction = _connection!.BeginTransaction();
            insert.Transaction = transaction;
            foreach (var record in records)
            {
                Bind(insert, record);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return default;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _insert?.Dispose();
            _connection?.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    private static void Bind(SqliteCommand insert, AuditRecord record)
    {
        var p = insert.Parameters;
        var decision = record.Kind == AuditRecordKind.Decision;
        var time = record.Timestamp.ToUniversalTime();
        p["$kind"].Value = decision ? "decision" : "dropped";
        p["$time"].Value = time.ToString("O", CultureInfo.InvariantCulture);
        p["$time_ms"].Value = time.ToUnixTimeMilliseconds();
        p["$stage"].Value = decision ? (record.Stage == DecisionStage.Authorize ? "authorize" : "inspect_result") : DBNull.Value;
        p["$session"].Value = (object?)record.SessionId ?? DBNull.Value;
        p["$user_id"].Value = (object?)record.UserId ?? DBNull.Value;
        p["$agent"].Value = (object?)record.AgentId ?? DBNull.Value;
        p["$parent_agent"].Value = (object?)record.ParentAgentId ?? DBNull.Value;
        p["$delegation"].Value = record.DelegationChain.Count > 0 ? SqliteAuditJson.Strings(record.DelegationChain) : DBNull.Value;
        p["$persona"].Value = (object?)record.Persona ?? DBNull.Value;
        p["$tool"].Value = (object?)record.ToolName ?? DBNull.Value;
        p["$call_id"].Value = (object?)record.CallId ?? DBNull.Value;
        p["$verdict"].Value = decision ? AuditText.Verdict(record.Verdict) : DBNull.Value;
        p["$action"].Value = decision ? AuditText.Verdict(record.EnforcedAction) : DBNull.Value;
        p["$rules"].Value = SqliteAuditJson.Strings(record.RuleIds);
        p["$reasons"].Value = SqliteAuditJson.Strings(record.Reasons);
        p["$score"].Value = double.IsFinite(record.Score) ? record.Score : 0;
        p["$findings"].Value = record.Findings.Count > 0 ? SqliteAuditJson.Findings(record.Findings) : DBNull.Value;
        p["$finding_count"].Value = record.Findings.Count;
        p["$args_digest"].Value = (object?)record.ArgumentsDigest ?? DBNull.Value;
        p["$result_status"].Value = record.ResultStatus is { } status ? AuditText.Status(status) : DBNull.Value;
        p["$result_records"].Value = (object?)record.ResultRecordCount ?? DBNull.Value;
        p["$result_digest"].Value = (object?)record.ResultDigest ?? DBNull.Value;
        p["$resource_digest"].Value = (object?)record.ResourceDigest ?? DBNull.Value;
        p["$dropped"].Value = record.DroppedCount;
    }

    private SqliteCommand EnsureOpen()
    {
        if (_insert is not null)
        {
            return _insert;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = SqliteAuditSchema.Create;
                create.ExecuteNonQuery();
            }

            var insert = connection.CreateCommand();
            insert.CommandText = SqliteAuditSchema.Insert;
            foreach (var name in SqliteAuditSchema.Parameters)
            {
                insert.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            insert.Prepare();
            _connection = connection;
            _insert = insert;
            return insert;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
