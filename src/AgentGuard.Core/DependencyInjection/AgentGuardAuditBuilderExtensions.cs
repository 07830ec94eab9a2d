using AgentGuard;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Builder verbs that switch on the audit trail (it is off until one of them is called).</summary>
public static class AgentGuardAuditBuilderExtensions
{
    /// <summary>Adds the audit trail (the queue and its background writer) and configures it; add sinks with the other verbs.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the queue, the overflow mode and the digests.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The trail is an <see cref="IDecisionListener"/>: every decision of the engine is recorded. In
    /// <see cref="AuditOverflowMode.FailClosed"/> mode a check (order <see cref="GuardCheckOrder.Audit"/>) denies calls
    /// while the trail cannot record them. Calling it again only adds configuration.</remarks>
    public static IAgentGuardBuilder AddAudit(this IAgentGuardBuilder builder, Action<AuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<AuditOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.TryAddSingleton(static sp => new AuditTrail(
            sp.GetServices<IAuditSink>(),
            sp.GetRequiredService<IOptions<AuditOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<AuditTrail>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDecisionListener, AuditTrail>(static sp => sp.GetRequiredService<AuditTrail>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, AuditFailClosedCheck>());
        return builder;
    }

    /// <summary>Records every decision in hash-chained JSON Lines files in <paramref name="directory"/> (the default sink).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The directory; created if missing. One writer per directory.</param>
    /// <param name="configure">Configures rotation, format (AgentGuard or OCSF) and durability.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The file options are invalid.</exception>
    public static IAgentGuardBuilder AddFileAudit(this IAgentGuardBuilder builder, string directory, Action<FileAuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var fileOptions = new FileAuditOptions { Directory = directory };
        configure?.Invoke(fileOptions);
        fileOptions.Validate();
        builder.AddAudit();
        builder.Services.AddSingleton<IAuditSink>(sp => new FileAuditSink(fileOptions, sp.GetService<TimeProvider>(), sp.GetService<ILogger<FileAuditSink>>()));
        return builder;
    }

    /// <summary>Adds an audit sink resolved from the container.</summary>
    /// <typeparam name="T">The sink type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddAuditSink<T>(this IAgentGuardBuilder builder)
        where T : class, IAuditSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAudit();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditSink, T>());
        return builder;
    }

    /// <summary>Adds an audit sink instance.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="sink">The sink; the trail disposes it when the container is disposed.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddAuditSink(this IAgentGuardBuilder builder, IAuditSink sink)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sink);
        builder.AddAudit();
        builder.Services.AddSingleton(sink);
        return builder;
    }
}
