using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGuard;

/// <summary>An <see cref="AIFunction"/> that asks AgentGuard before every invocation and inspects what it returns
/// before the model sees it.</summary>
/// <remarks>
/// <para>Wraps any function, including MCP client tools. On each invocation it turns the call into a
/// <see cref="ToolCall"/> (the tool name as personas name it, the arguments as a JSON object, the identity from
/// <see cref="AgentGuardContext.Current"/> overridden by <see cref="AgentGuardPropertyNames"/> entries in
/// <see cref="AIFunctionArguments.Context"/>) and asks <see cref="IAgentGuard.AuthorizeAsync"/>.</para>
/// <para>A refusal never crashes the agent loop: the function returns a text the model can read,
/// <c>"denied by AgentGuard: &lt;reason&gt;"</c>, and the inner function is not invoked (unless
/// <see cref="GuardedFunctionOptions.ThrowOnDeny"/> asks for an exception). With no session, the call is refused
/// (fail closed). Redacted arguments replace the model's; a redacted or withheld result replaces the function's.</para>
/// <para>When the backend refuses the call (<see cref="UnauthorizedAccessException"/>, or an
/// <see cref="HttpRequestException"/> with status 401 or 403), the guard sees a result with status
/// <see cref="ToolResultStatus.Denied"/> — the signal behind retry-after-denial detection — and the model reads
/// <see cref="GuardedFunctionOptions.BackendDeniedMessage"/>. Any other exception is reported to the guard with
/// status <see cref="ToolResultStatus.Error"/> (type name only, never the message) and then rethrown unchanged, so the
/// host's own error handling applies; hosts should not forward exception messages to the model, since they are not
/// scanned.</para>
/// <para>While the inner function runs — and only for an allowed call — the call is the ambient
/// <see cref="AgentGuardCallScope.Current"/>: AgentGuard's credential handler injects the backend credential for that
/// call alone. A refusal reported on the scope (the backend's 401/403 seen by the credential handler, a misused
/// credential handle) makes the guard see the result as <see cref="ToolResultStatus.Denied"/> even when the tool's code
/// swallowed it.</para>
/// <para>Thread-safe: one instance may serve concurrent invocations.</para>
/// </remarks>
public sealed partial class GuardedAIFunction : DelegatingAIFunction
{

    // The M.E.AI defaults, minus indentation: what the guard scans and records should not be padded with whitespace.
    private static readonly JsonSerializerOptions s_compact = Compact(AIJsonUtilities.DefaultOptions);

    private static readonly JsonTypeInfo<IDictionary<string, object?>> s_argumentsType =
        (JsonTypeInfo<IDictionary<string, object?>>)s_compact.GetTypeInfo(typeof(IDictionary<string, object?>));

    private static readonly JsonTypeInfo<string> s_stringType = (JsonTypeInfo<string>)s_compact.GetTypeInfo(typeof(string));

    private readonly IAgentGuard _guard;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _throwOnDeny;
    private readonly string _denialPrefix;
    private readonly string _backendDeniedMessage;
    private readonly JsonElement _backendDeniedContent;
    private readonly JsonSerializerOptions _resultOptions;
    private readonly Func<object?, ToolResult, ToolResult>? _classifier;

    /// <summary>Initializes a new instance of the <see cref="GuardedAIFunction"/> class.</summary>
    /// <param name="innerFunction">The function to guard.</param>
    /// <param name="guard">The guard to ask.</param>
    /// <param name="options">The options; read once, here.</param>
    /// <param name="timeProvider">The clock that stamps calls; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="loggerFactory">The logger factory, or <see langword="null"/> for no logging.</param>
    public GuardedAIFunction(
        AIFunction innerFunction,
        IAgentGuard guard,
        GuardedFunctionOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
        : base(innerFunction)
    {
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<GuardedAIFunction>() ?? NullLogger.Instance;
        ToolName = ResolveToolName(innerFunction, options);
        _throwOnDeny = options?.ThrowOnDeny ?? false;
        _denialPrefix = options?.DenialPrefix is { Length: > 0 } prefix ? prefix : GuardedFunctionDefaults.DenialPrefix;
        _backendDeniedMessage = options?.BackendDeniedMessage ?? GuardedFunctionDefaults.BackendDeniedMessage;
        _backendDeniedContent = JsonSerializer.SerializeToElement(_backendDeniedMessage, s_stringType);
        _classifier = options?.ResultClassifier;
        _resultOptions = innerFunction.JsonSerializerOptions is { } functionOptions && !ReferenceEquals(functionOptions, AIJsonUtilities.DefaultOptions)
            ? Compact(functionOptions)
            : s_compact;
    }

    /// <summary>Gets the tool name the guard sees, as personas and catalogs name it (for example <c>crm.get_customer</c>).</summary>
    public string ToolName { get; }

    /// <inheritdoc />
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!TrySerializeArguments(arguments, out var json))
        {
            // What cannot be written as JSON cannot be checked; refuse rather than let it through unseen.
            return Refuse(new GuardDecision(GuardVerdict.Deny, ruleIds: ["args.unserializable"], reasons: ["the arguments cannot be represented as JSON"]));
        }

        var call = CreateCall(arguments, json, out var userTokenReference);
        if (call is null)
        {
            Log.MissingSession(_logger, ToolName);
            return Refuse(new GuardDecision(
                GuardVerdict.Deny,
                ruleIds: ["session.missing"],
                reasons: ["no AgentGuard session: push an AgentGuardContext or set the 'agentguard.session' property"]));
        }

        var decision = await _guard.AuthorizeAsync(call, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            Log.CallRefused(_logger, ToolName, call.SessionId, decision.EnforcedAction);
            return Refuse(decision);
        }

        var invokeArguments = arguments;
        if (decision.EnforcedAction == GuardVerdict.Redact && decision.RedactedArguments is { } redacted)
        {
            if (redacted.ValueKind != JsonValueKind.Object)
            {
                // A guard that hands back something other than an object cannot be mapped onto named parameters.
                return Refuse(new GuardDecision(GuardVerdict.Deny, ruleIds: ["engine.error"], reasons: ["redacted arguments are not a JSON object"]));
            }

            invokeArguments = ToFunctionArguments(redacted, arguments);
            call = call with { Arguments = redacted };
        }

        object? value;
        ToolResult result;

        // The call is current only while the tool itself runs: what it sends through AgentGuard's credential handler
        // gets this call's credential, and nothing outside the authorized call does (fail closed).
        var scope = AgentGuardCallScope.Enter(call, decision, userTokenReference);
        try
        {
            value = await base.InvokeCoreAsync(invokeArguments, cancellationToken).ConfigureAwait(false);
            result = CreateResult(ref value);
            if (_classifier is not null)
            {
                // The classifier may say how the call ended, never what the model sees.
                var described = _classifier(value, result);
                result = result with { Status = described.Status, RecordCount = described.RecordCount, Resource = described.Resource };
            }
        }
        catch (Exception ex) when (BackendDenial.IsRefusal(ex))
        {
            Log.BackendDenied(_logger, ToolName, call.SessionId, ex.GetType().Name);
            value = _backendDeniedMessage;
            result = new ToolResult { Status = ToolResultStatus.Denied, Content = _backendDeniedContent, Resource = DeniedResource(scope) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            scope.Dispose();
            Log.ToolFailed(_logger, ToolName, call.SessionId, ex.GetType().Name);
            var failure = new ToolResult
            {
                // A refusal the tool's code turned into another exception is still a refusal: behavior scoring must see it.
                Status = scope.IsDenied ? ToolResultStatus.Denied : ToolResultStatus.Error,
                Content = JsonSerializer.SerializeToElement($"tool failed: {ex.GetType().Name}", s_stringType),
                Resource = DeniedResource(scope),
            };
            await _guard.InspectResultAsync(call, failure, cancellationToken).ConfigureAwait(false);
            throw;
        }
        finally
        {
            scope.Dispose();
        }

        if (result.Status == ToolResultStatus.Ok && scope.IsDenied)
        {
            // The tool swallowed a refusal (read the 403 and returned something else): the guard still hears of it, and
            // still inspects exactly what the model will see.
            Log.RefusalSwallowed(_logger, ToolName, call.SessionId, scope.Denials[0].RuleId);
            result = result with { Status = ToolResultStatus.Denied, Resource = DeniedResource(scope) };
        }

        var inspection = await _guard.InspectResultAsync(call, result, cancellationToken).ConfigureAwait(false);
        if (!inspection.IsAllowed)
        {
            Log.ResultWithheld(_logger, ToolName, call.SessionId, inspection.EnforcedAction);
            if (_throwOnDeny)
            {
                throw new AgentGuardViolationException(inspection);
            }

            return inspection.RedactedResult is { } withheld
                ? ToModelValue(withheld)
                : $"{GuardedFunctionDefaults.WithheldPrefix}: {inspection.ExplainForModel()}";
        }

        return inspection.EnforcedAction == GuardVerdict.Redact && inspection.RedactedResult is { } replaced
            ? ToModelValue(replaced)
            : value;
    }

    private static string ResolveToolName(AIFunction function, GuardedFunctionOptions? options)
    {
        var name = options?.ToolNameSelector is { } selector
            ? selector(function)
            : string.Concat(options?.ToolNamePrefix, function.Name);
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("The tool name for the function is empty; set a name or a ToolNameSelector that returns one.", nameof(options));
        }

        return name;
    }

    private static JsonSerializerOptions Compact(JsonSerializerOptions options)
    {
        if (!options.WriteIndented)
        {
            return options;
        }

        var compact = new JsonSerializerOptions(options) { WriteIndented = false };
        if (compact.TypeInfoResolver is not null)
        {
            compact.MakeReadOnly();
        }

        return compact;
    }

    private static AIFunctionArguments ToFunctionArguments(JsonElement redacted, AIFunctionArguments original)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in redacted.EnumerateObject())
        {
            values[property.Name] = property.Value;
        }

        return new AIFunctionArguments(values) { Services = original.Services, Context = original.Context };
    }

    private static object? ToModelValue(ToolResult result) => result.Content switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { } json => json,
    };

    private static string? DeniedResource(AgentGuardCallScope scope)
    {
        var denials = scope.Denials;
        return denials.Count == 0 ? null : denials[0].Resource;
    }

    private ToolCall? CreateCall(AIFunctionArguments arguments, JsonElement json, out string? userTokenReference)
    {
        var ambient = AgentGuardContext.Current;
        var bag = arguments.Context;
        var identity = bag is { Count: > 0 }
            ? IdentityProperties.Merge(
                ambient,
                IdentityProperties.Read(bag, AgentGuardPropertyNames.Session),
                IdentityProperties.Read(bag, AgentGuardPropertyNames.User),
                IdentityProperties.Read(bag, AgentGuardPropertyNames.Agent),
                IdentityProperties.Read(bag, AgentGuardPropertyNames.Persona))
            : ambient;
        userTokenReference = identity?.UserTokenReference;
        if (identity is null || string.IsNullOrEmpty(identity.SessionId))
        {
            return null;
        }

        var callId = IdentityProperties.Read(bag, AgentGuardPropertyNames.CallId) ?? Guid.NewGuid().ToString("N");
        return identity.CreateCall(ToolName, json, _time.GetUtcNow(), callId);
    }

    private bool TrySerializeArguments(AIFunctionArguments arguments, out JsonElement json)
    {
        if (arguments.Count == 0)
        {
            json = ToolCall.EmptyArguments;
            return true;
        }

        try
        {
            json = JsonSerializer.SerializeToElement<IDictionary<string, object?>>(arguments, s_argumentsType);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            Log.ArgumentsNotSerializable(_logger, ToolName, ex.GetType().Name);
            json = default;
            return false;
        }
    }

    private ToolResult CreateResult(ref object? value)
    {
        var content = value switch
        {
            null => (JsonElement?)null,
            JsonElement { ValueKind: JsonValueKind.Undefined } => null,
            JsonElement element => element,
            string text => JsonSerializer.SerializeToElement(text, s_stringType),
            _ => Serialize(ref value),
        };

        // Without a count from the tool, a top-level array is taken as one record per element, so the data envelope
        // sees bulk reads; other shapes leave the count unknown.
        long? records = content is { ValueKind: JsonValueKind.Array } array ? array.GetArrayLength() : null;
        return new ToolResult { Status = ToolResultStatus.Ok, Content = content, RecordCount = records };
    }

    private JsonElement Serialize(ref object? value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        foreach (var options in (ReadOnlySpan<JsonSerializerOptions>)[_resultOptions, s_compact])
        {
            if (options.TryGetTypeInfo(type, out var typeInfo))
            {
                try
                {
                    return JsonSerializer.SerializeToElement(value, typeInfo);
                }
                catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
                {
                    Log.ResultNotSerializable(_logger, ToolName, type.Name);
                }
            }
        }

        // The result checks must still see something, and the model must get exactly what they saw: the value's text
        // replaces the value, so a host serializer cannot later show the model fields that were never inspected.
        var text = value.ToString() ?? string.Empty;
        value = text;
        return JsonSerializer.SerializeToElement(text, s_stringType);
    }

    private string Refuse(GuardDecision decision)
    {
        if (_throwOnDeny)
        {
            throw new AgentGuardViolationException(decision);
        }

        return FormatDenial(decision);
    }

    private string FormatDenial(GuardDecision decision) => $"{_denialPrefix}: {decision.ExplainRefusalForModel()}";
}
