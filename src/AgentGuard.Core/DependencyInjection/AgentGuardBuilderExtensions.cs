using AgentGuard;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Builder verbs for <see cref="IAgentGuardBuilder"/>.</summary>
public static class AgentGuardBuilderExtensions
{
    /// <summary>Adds every persona file (<c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>) in a directory.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">The directory.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddPersonasFromDirectory(this IAgentGuardBuilder builder, string directory) =>
        builder.AddPolicySource(b => b.AddPersonasFromDirectory(directory));

    /// <summary>Adds one persona file.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddPersonaFile(this IAgentGuardBuilder builder, string path) =>
        builder.AddPolicySource(b => b.AddPersonaFile(path));

    /// <summary>Adds a persona built in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="persona">The persona.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddPersona(this IAgentGuardBuilder builder, Persona persona) =>
        builder.AddPolicySource(b => b.AddPersona(persona));

    /// <summary>Adds a tool catalog file.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddCatalogFile(this IAgentGuardBuilder builder, string path) =>
        builder.AddPolicySource(b => b.AddCatalogFile(path));

    /// <summary>Adds a catalog tool built in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="tool">The tool.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddCatalogTool(this IAgentGuardBuilder builder, CatalogTool tool) =>
        builder.AddPolicySource(b => b.AddCatalogTool(tool));

    /// <summary>Adds a user entitlements file (then a user who is not listed may use nothing).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The file.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddUsersFile(this IAgentGuardBuilder builder, string path) =>
        builder.AddPolicySource(b => b.AddUsersFile(path));

    /// <summary>Adds one user's entitlements built in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="user">The user's entitlements.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddUser(this IAgentGuardBuilder builder, UserEntitlement user) =>
        builder.AddPolicySource(b => b.AddUser(user));

    /// <summary>Adds a step that contributes to the policy.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="source">The step.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddPolicySource(this IAgentGuardBuilder builder, Action<PolicyBuilder> source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        builder.Services.Configure<AgentGuardPolicyOptions>(o => o.Sources.Add(source));
        return builder;
    }

    /// <summary>Uses a ready-built policy instead of the policy sources.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UsePolicy(this IAgentGuardBuilder builder, GuardPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IPolicyProvider>(new StaticPolicyProvider(policy)));
        return builder;
    }

    /// <summary>Adds an entitlement service; calls need it to agree as well as any user table.</summary>
    /// <typeparam name="T">The service type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddUserEntitlements<T>(this IAgentGuardBuilder builder)
        where T : class, IUserEntitlements
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserEntitlements, T>());
        return builder;
    }

    /// <summary>Adds a custom call check to the pipeline.</summary>
    /// <typeparam name="T">The check type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddCheck<T>(this IAgentGuardBuilder builder)
        where T : class, IGuardCheck
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IGuardCheck, T>());
        return builder;
    }

    /// <summary>Adds a custom result check to the pipeline.</summary>
    /// <typeparam name="T">The check type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddResultCheck<T>(this IAgentGuardBuilder builder)
        where T : class, IResultCheck
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IResultCheck, T>());
        return builder;
    }

    /// <summary>Uses an approval service for calls that need a human's approval.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="approvals">The service.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UseApprovalService(this IAgentGuardBuilder builder, IApprovalService approvals)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton(approvals ?? throw new ArgumentNullException(nameof(approvals))));
        return builder;
    }

    /// <summary>Uses a session-state store other than the in-memory default.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="store">The store.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder UseSessionStateStore(this IAgentGuardBuilder builder, ISessionStateStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton(store ?? throw new ArgumentNullException(nameof(store))));
        return builder;
    }
}
