using AgentGuard;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Builder verbs for the SQLite audit sink.</summary>
public static class AgentGuardSqliteAuditBuilderExtensions
{
    /// <summary>Records every decision in an SQLite table as well, for queries (<c>agentguard audit query</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="databasePath">The database file; created if missing.</param>
    /// <param name="configure">Configures the sink further.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Pair it with <c>AddFileAudit</c>: the table answers questions, the hash-chained files prove the record.</remarks>
    public static IAgentGuardBuilder AddSqliteAudit(this IAgentGuardBuilder builder, string databasePath, Action<SqliteAuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new SqliteAuditOptions { DatabasePath = databasePath };
        configure?.Invoke(options);
        _ = options.GetConnectionString();
        builder.AddAudit();
        builder.Services.AddSingleton<IAuditSink>(_ => new SqliteAuditSink(options));
        return builder;
    }
}
