using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace AgentGuard;

/// <summary>Reads audit records back from a database written by <see cref="SqliteAuditSink"/>, read-only.</summary>
public sealed class SqliteAuditReader : IAsyncDisposable, IDisposable
{
    private readonly SqliteConnection _connection;

    /// <summary>Initializes a new instance of the <see cref="SqliteAuditReader"/> class.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public SqliteAuditReader(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"no such audit database: {databasePath}", databasePath);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
    }

    /// <summary>Reads the records that match <paramref name="query"/>, oldest first.</summary>
    /// <param name="query">The filter.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The records.</returns>
    public async IAsyncEnumerable<AuditRecord> QueryAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (_connection.State != System.Data.ConnectionState.Open)
        {
            await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        using var command = _connection.CreateCommand();
        var sql = new StringBuilder(SqliteAuditSchema.Select);
        var where = new List<string>();
        void Filter(string column, string comparison, string parameter, object? value)
        {
            if (value is not null)
            {
                where.Add($"{column} {comparison} {parameter}");
                command.Parameters.AddWithValue(parameter, value);
            }
        }

        Filter("session", "=", "$session", query.SessionId);
        Filter("agent", "=", "$agent", query.AgentId);
        Filter("persona", "=", "$persona", query.Persona);
        Filter("user_id", "=", "$user", query.UserId);
        Filter("tool", "=", "$tool", query.ToolName);
        Filter("verdict", "=", "$verdict", query.Verdict is { } verdict ? AuditText.Verdict(verdict) : null);
        Filter("time_ms", ">=", "$since", query.Since?.ToUnixTimeMilliseconds());
        Filter("time_ms", "<", "$until", query.Until?.ToUnixTimeMilliseconds());
        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        sql.Append(" ORDER BY id");
        if (query.Limit is { } limit)
        {
            sql.Append(" LIMIT $limit");
            command.Parameters.AddWithValue("$limit", Math.Max(0, limit));
        }

        command.CommandText = sql.ToString();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return Read(reader);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static AuditRecord Read(SqliteDataReader row)
    {
        string? Text(int i) => row.IsDBNull(i) ? null : row.GetString(i);
        var decision = row.GetString(1) == "decision";
        return new AuditRecord
        {
            Kind = decision ? AuditRecordKind.Decision : AuditRecordKind.Dropped,
            Timestamp = DateTimeOffset.Parse(row.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            Stage = Text(3) == "inspect_result" ? DecisionStage.InspectResult : DecisionStage.Authorize,
            SessionId = Text(4),
            UserId = Text(5),
            AgentId = Text(6),
            ParentAgentId = Text(7),
            DelegationChain = SqliteAuditJson.ReadStrings(Text(8)),
            Persona = Text(9),
            ToolName = Text(10),
            CallId = Text(11),
            Verdict = ParseVerdict(Text(12)),
            EnforcedAction = ParseVerdict(Text(13)),
            RuleIds = SqliteAuditJson.ReadStrings(Text(14)),
            Reasons = SqliteAuditJson.ReadStrings(Text(15)),
            Score = row.IsDBNull(16) ? 0 : row.GetDouble(16),
            Findings = SqliteAuditJson.ReadFindings(Text(17)),
            ArgumentsDigest = Text(18),
            ResultStatus = Text(19) is { } status ? AuditText.ParseStatus(status) : null,
            ResultRecordCount = row.IsDBNull(20) ? null : row.GetInt64(20),
            ResultDigest = Text(21),
            ResourceDigest = Text(22),
            DroppedCount = row.GetInt64(23),
        };
    }

    // A row written by this sink always holds a known word; anything else reads as allow, as before.
    private static GuardVerdict ParseVerdict(string? text) => AuditText.TryParseVerdict(text, out var verdict) ? verdict : GuardVerdict.Allow;
}
