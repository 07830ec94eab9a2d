namespace AgentGuard;

/// <summary>The table the SQLite sink writes and the reader queries (schema version 1).</summary>
internal static class SqliteAuditSchema
{
    public const int Version = 1;

    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS audit_records (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            time TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            stage TEXT,
            session TEXT,
            user_id TEXT,
            agent TEXT,
            parent_agent TEXT,
            delegation TEXT,
            persona TEXT,
            tool TEXT,
            call_id TEXT,
            verdict TEXT,
            action TEXT,
            rules TEXT,
            reasons TEXT,
            score REAL,
            findings TEXT,
            finding_count INTEGER NOT NULL DEFAULT 0,
            args_digest TEXT,
            result_status TEXT,
            result_records INTEGER,
            result_digest TEXT,
            resource_digest TEXT,
            dropped INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS ix_audit_session ON audit_records (session, time_ms);
        CREATE INDEX IF NOT EXISTS ix_audit_agent ON audit_records (agent, time_ms);
        CREATE INDEX IF NOT EXISTS ix_audit_persona ON audit_records (persona, time_ms);
        CREATE INDEX IF NOT EXISTS ix_audit_verdict ON audit_records (verdict, time_ms);
        CREATE INDEX IF NOT EXISTS ix_audit_time ON audit_records (time_ms);
        PRAGMA user_version = 1;
        """;

    public const string Insert = """
        INSERT INTO audit_records (kind, time, time_ms, stage, session, user_id, agent, parent_agent, delegation, persona, tool,
            call_id, verdict, action, rules, reasons, score, findings, finding_count, args_digest, result_status, result_records,
            result_digest, resource_digest, dropped)
        VALUES ($kind, $time, $time_ms, $stage, $session, $user_id, $agent, $parent_agent, $delegation, $persona, $tool,
            $call_id, $verdict, $action, $rules, $reasons, $score, $findings, $finding_count, $args_digest, $result_status,
            $result_records, $result_digest, $resource_digest, $dropped)
        """;

    public static readonly string[] Parameters =
    [
        "$kind", "$time", "$time_ms", "$stage", "$session", "$user_id", "$agent", "$parent_agent", "$delegation", "$persona", "$tool",
        "$call_id", "$verdict", "$action", "$rules", "$reasons", "$score", "$findings", "$finding_count", "$args_digest", "$result_status",
        "$result_records", "$result_digest", "$resource_digest", "$dropped",
    ];

    public const string Select = """
        SELECT id, kind, time, stage, session, user_id, agent, parent_agent, delegation, persona, tool, call_id, verdict, action,
            rules, reasons, score, findings, args_digest, result_status, result_records, result_digest, resource_digest, dropped
        FROM audit_records
        """;
}
