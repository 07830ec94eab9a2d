using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;

namespace AgentGuard;

/// <summary>What both Semantic Kernel filters do for one function invocation: ask the guard, run the function in the
/// authorized call's scope, and have the guard inspect what it returned before anyone reads it.</summary>
/// <remarks>Thread-safe: one instance serves concurrent invocations.</remarks>
internal sealed partial class KernelCallGuard
{

    private static readonly JsonSerializerOptions s_compact = Compact(AIJsonUtilities.DefaultOptions);

    private static readonly JsonTypeInfo<IDictionary<string, object?>> s_argumentsType =
        (JsonTypeInfo<IDictionary<string, object?>>)s_compact.GetTypeInfo(typeof(IDictionary<string, object?>));

    private static readonly JsonTypeInfo<string> s_stringType = (JsonTypeInfo<string>)s_compact.GetTypeInfo(typeof(string));

    private readonly IAgentGuard _guard;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<KernelFunction, string>? _toolName;
    private readonly string _denialPrefix;
    private readonly string _backendDeniedMessage;
    private readonly JsonElement _backendDeniedContent;

    public KernelCallGuard(IAgentGuard guard, AgentGuardKernelOptions? options, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        _guard = guard ?? throw new ArgumentNullException(nameof(guard));
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger("AgentGuard.SemanticKernel") ?? NullLogger.Instance;
        _toolName = options?.ToolNameSelector;
        _denialPrefix = options?.DenialPrefix is { Length: > 0 } prefix ? prefix : KernelGuardDefaults.DenialPrefix;
        _backendDeniedMessage = options?.BackendDeniedMessage ?? KernelGuardDefaults.BackendDeniedMessage;
        _backendDeniedContent = JsonSerializer.SerializeToElement(_backendDeniedMessage, s_stringType);
        TerminateOnApprovalRequired = options?.TerminateOnApprovalRequired ?? true;
    }

    public IAgentGuard Guard => _guard;

    public bool TerminateOnApprovalRequired { get; }

    /// <summary>Names the tool as personas do: <c>plugin.function</c>, or the selector's name.</summary>
    public string ToolName(KernelFunction function)
    {
        var name = _toolName is { } selector
            ? selector(function)
            : string.IsNullOrEmpty(function.PluginName) ? function.Name : string.Concat(function.PluginName, ".", function.Name);
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidOperationException("The tool name for a kernel function is empty; set a ToolNameSelector that returns one.");
        }

        return name;
    }

    /// <summary>Guards one invocation.</summary>
    /// <param name="invocation">The function, its arguments and how to read and replace its result.</param>
    /// <param name="callId">The model's tool-call id, when the model asked for the call.</param>
    /// <param name="cancellationToken">The invocation's token.</param>
    /// <returns>The guard's decision on the call (whether or not the function ran), or the decision on its result when
    /// that halted the session.</returns>
    public async ValueTask<GuardDecision> InvokeAsync(IKernelInvocation invocation, string? callId, CancellationToken cancellationToken)
    {
        var function = invocation.Function;
        var tool = ToolName(function);
        var arguments = invocation.Arguments;
        if (!TrySerializeArguments(tool, arguments, out var json))
        {
            // What cannot be written as JSON cannot be checked; refuse rather than let it through unseen.
            return Refuse(invocation, new GuardDecision(GuardVerdict.Deny, ruleIds: ["args.unserializable"], reasons: ["the arguments cannot be represented as JSON"]));
        }

        var identity = AgentGuardContext.Current;
        if (identity is null || string.IsNullOrEmpty(identity.SessionId))
        {
            Log.MissingSession(_logger, tool);
            return Refuse(invocation, new GuardDecision(
                GuardVerdict.Deny,
                ruleIds: ["session.missing"],
                reasons: ["no AgentGuard session: push an AgentGuardContext around the kernel call"]));
        }

        var call = identity.CreateCall(tool, json, _time.GetUtcNow(), callId ?? Guid.NewGuid().ToString("N"));
        var decision = await _guard.AuthorizeAsync(call, cancellationToken).ConfigureAwait(false);
        if (!decision.IsAllowed)
        {
            Log.CallRefused(_logger, tool, call.SessionId, decision.EnforcedAction);
            return Refuse(invocation, decision);
        }

        if (decision.EnforcedAction == GuardVerdict.Redact && decision.RedactedArguments is { } redacted)
        {
            if (redacted.ValueKind != JsonValueKind.Object)
            {
                // A guard that hands back something other than an object cannot be mapped onto named parameters.
                return Refuse(invocation, new GuardDecision(GuardVerdict.Deny, ruleIds: ["engine.error"], reasons: ["redacted arguments are not a JSON object"]));
            }

            ReplaceArguments(arguments, redacted);
            call = call with { Arguments = redacted };
        }

        var inspection = await RunAndInspectAsync(invocation, call, decision, identity.UserTokenReference, cancellationToken).ConfigureAwait(false);

        // A result that halted the session ends the host's loop just as a refused call would.
        return inspection.EnforcedAction == GuardVerdict.Halt ? inspection : decision;
    }

    /// <summary>The text a model reads for a refused call.</summary>
    public string FormatDenial(GuardDecision decision) => $"{_denialPrefix}: {decision.ExplainRefusalForModel()}";

    private GuardDecision Refuse(IKernelInvocation invocation, GuardDecision decision)
    {
        invocation.Result = new FunctionResult(invocation.Function, FormatDenial(decision));
        return decision;
    }

    private async ValueTask<GuardDecision> RunAndInspectAsync(IKernelInvocation invocation, ToolCall call, GuardDecision decision, string? userTokenReference, CancellationToken cancellationToken)
    {
        ToolResult result;

        // The call is current only while the function itself runs: what it sends through AgentGuard's credential handler
        // gets this call's credential, and nothing outside the authorized call does (fail closed).
        var scope = AgentGuardCallScope.Enter(call, decision, userTokenReference);
        try
        {
            await invocation.NextAsync().ConfigureAwait(false);
            result = CreateResult(invocation, call.ToolName);
        }
        catch (Exception ex) when (BackendDenial.IsRefusal(ex))
        {
            Log.BackendDenied(_logger, call.ToolName, call.SessionId, ex.GetType().Name);
            invocation.Result = new FunctionResult(invocation.Function, _backendDeniedMessage);
            result = new ToolResult { Status = ToolResultStatus.Denied, Content = _backendDeniedContent, Resource = DeniedResource(scope) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            scope.Dispose();
            Log.FunctionFailed(_logger, call.ToolName, call.SessionId, ex.GetType().Name);
            var failure = new ToolResult
            {
                // A refusal the function turned into another exception is still a refusal: behavior scoring must see it.
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
            Log.RefusalSwallowed(_logger, call.ToolName, call.SessionId, scope.Denials[0].RuleId);
            result = result with { Status = ToolResultStatus.Denied, Resource = DeniedResource(scope) };
        }

        var inspection = await _guard.InspectResultAsync(call, result, cancellationToken).ConfigureAwait(false);
        if (!inspection.IsAllowed)
        {
            Log.ResultWithheld(_logger, call.ToolName, call.SessionId, inspection.EnforcedAction);
            var withheld = inspection.RedactedResult is { } replacement
                ? ToModelValue(replacement)
                : $"{KernelGuardDefaults.WithheldPrefix}: {inspection.ExplainForModel()}";
            invocation.Result = new FunctionResult(invocation.Result, withheld);
        }
        else if (inspection.EnforcedAction == GuardVerdict.Redact && inspection.RedactedResult is { } redacted)
        {
            invocation.Result = new FunctionResult(invocation.Result, ToModelValue(redacted));
        }

        return inspection;
    }

    private ToolResult CreateResult(IKernelInvocation invocation, string tool)
    {
        var value = invocation.Result.GetValue<object>();
        JsonElement? content;
        switch (value)
        {
            case null:
            case JsonElement { ValueKind: JsonValueKind.Undefined }:
                content = null;
                break;
            case JsonElement element:
                content = element;
                break;
            case string text:
                content = JsonSerializer.SerializeToElement(text, s_stringType);
                break;
            default:
                if (TrySerialize(value, invocation.Function.JsonSerializerOptions, out var json))
                {
                    content = json;
                }
                else
                {
                    // The checks must still see something, and the model must get exactly what they saw: the value's
                    // text replaces the value, so a host serializer cannot later show fields that were never inspected.
                    Log.ResultNotSerializable(_logger, tool, value.GetType().Name);
                    var text = value.ToString() ?? string.Empty;
                    invocation.Result = new FunctionResult(invocation.Result, text);
                    content = JsonSerializer.SerializeToElement(text, s_stringType);
                }

                break;
        }

        // Without a count from the function, a top-level array is taken as one record per element, so the data envelope
        // sees bulk reads; other shapes leave the count unknown.
        long? records = content is { ValueKind: JsonValueKind.Array } array ? array.GetArrayLength() : null;
        return new ToolResult { Status = ToolResultStatus.Ok, Content = content, RecordCount = records };
    }

    private static bool TrySerialize(object value, JsonSerializerOptions? functionOptions, out JsonElement json)
    {
        var type = value.GetType();
        var first = functionOptions is not null && !ReferenceEquals(functionOptions, AIJsonUtilities.DefaultOptions) ? Compact(functionOptions) : s_compact;
        foreach (var options in (ReadOnlySpan<JsonSerializerOptions>)[first, s_compact])
        {
            try
            {
                if (options.TryGetTypeInfo(type, out var typeInfo))
                {
                    json = JsonSerializer.SerializeToElement(value, typeInfo);
                    return true;
                }
            }
            catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
            {
                // Try the next options, then fall back to the value's text.
            }
        }

        json = default;
        return false;
    }

    private bool TrySerializeArguments(string tool, KernelArguments? arguments, out JsonElement json)
    {
        if (arguments is null || arguments.Count == 0)
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
            Log.ArgumentsNotSerializable(_logger, tool, ex.GetType().Name);
            json = default;
            return false;
        }
    }

    private static void ReplaceArguments(KernelArguments? arguments, JsonElement redacted)
    {
        if (arguments is null)
        {
            return;
        }

        arguments.Clear();
        foreach (var property in redacted.EnumerateObject())
        {
            // Strings stay strings: method functions bind text parameters from them without a JSON round trip.
            arguments[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value;
        }
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
}
