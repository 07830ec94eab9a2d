using AgentGuard;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Builder verbs for data loss prevention: detectors and options.</summary>
public static class AgentGuardDlpBuilderExtensions
{
    /// <summary>Configures the DLP options (redaction style, HMAC key, per-detector actions, enabled detectors…).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder ConfigureDlp(this IAgentGuardBuilder builder, Action<DlpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Adds a detector built in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="detector">The detector (thread-safe, linear-time).</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddDetector(this IAgentGuardBuilder builder, IDlpDetector detector)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(detector);
        builder.Services.AddSingleton(detector);
        return builder;
    }

    /// <summary>Adds a detector type built in code, created by the container.</summary>
    /// <typeparam name="T">The detector type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddDetector<T>(this IAgentGuardBuilder builder)
        where T : class, IDlpDetector
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDlpDetector, T>());
        return builder;
    }

    /// <summary>Adds a detector from a regular expression, as configuration would declare it.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The detector's name (<c>[a-z0-9][a-z0-9_.-]*</c>).</param>
    /// <param name="pattern">The regular expression; a group named <c>value</c> narrows the finding to that group.</param>
    /// <param name="kind">What the detector looks for.</param>
    /// <param name="validator">A check each match must also pass.</param>
    /// <param name="keywords">Keywords of which one must appear near a match; none for no such requirement.</param>
    /// <returns>The builder.</returns>
    public static IAgentGuardBuilder AddCustomDetector(this IAgentGuardBuilder builder, string name, string pattern,
        DlpKind kind = DlpKind.Secret, DlpValidator validator = DlpValidator.None, IEnumerable<string>? keywords = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var definition = new DlpCustomDetector { Name = name, Pattern = pattern, Kind = kind, Validator = validator };
        foreach (var keyword in keywords ?? [])
        {
            definition.Keywords.Add(keyword);
        }

        builder.Services.Configure<DlpOptions>(o => o.CustomDetectors.Add(definition));
        return builder;
    }
}
