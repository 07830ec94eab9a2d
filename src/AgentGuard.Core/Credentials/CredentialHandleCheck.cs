using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentGuard;

/// <summary>Finds credential handles in a call's arguments and refuses the call when one is used outside its binding
/// (rule <see cref="CredentialRuleIds.HandleMisuse"/>).</summary>
/// <remarks>
/// Runs at <see cref="GuardCheckOrder.Credentials"/>, also after an earlier denial, so that behavior scoring sees every
/// misuse. It scans string values and property names at any depth for <c>agh_</c> followed by at least 22 base64url
/// characters (the DLP handle detector's shape) and needs no DLP module to work. A handle that is valid for the call is
/// not refused here (DLP may still redact or block it by policy). Reasons never repeat the handle.
/// </remarks>
internal sealed class CredentialHandleCheck : IGuardCheck
{
    private const int MaxDepth = 64;

    private readonly CredentialHandleService _handles;
    private readonly ILogger _logger;

    public CredentialHandleCheck(CredentialHandleService handles, ILogger<CredentialHandleCheck>? logger = null)
    {
        _handles = handles ?? throw new ArgumentNullException(nameof(handles));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string Name => "credentials.handles";

    public int Order => GuardCheckOrder.Credentials;

    public bool RunsAfterDenial => true;

    public async ValueTask CheckAsync(GuardContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = context.Call.Arguments;
        if (arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String))
        {
            return;
        }

        HashSet<string>? found = null;
        Collect(arguments, ref found, 0);
        if (found is null)
        {
            return;
        }

        CredentialHandleStatus? worst = null;
        foreach (var handle in found)
        {
            var status = await _handles.ValidateAsync(handle, context.Call, backend: null, cancellationToken).ConfigureAwait(false);
            if (status != CredentialHandleStatus.Valid)
            {
                worst ??= status;
            }
        }

        if (worst is { } misuse)
        {
            CredentialLog.HandleMisused(_logger, context.Call.ToolName, context.Call.SessionId, misuse);
            context.Deny(CredentialRuleIds.HandleMisuse, $"credential handle misuse: {CredentialHandleService.Describe(misuse)}");
        }
    }

    private static void Collect(JsonElement element, ref HashSet<string>? found, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Scan(element.GetString(), ref found);
                break;
            case JsonValueKind.Object when depth < MaxDepth:
                foreach (var property in element.EnumerateObject())
                {
                    Scan(property.Name, ref found);
                    Collect(property.Value, ref found, depth + 1);
                }

                break;
            case JsonValueKind.Array when depth < MaxDepth:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, ref found, depth + 1);
                }

                break;
        }
    }

    private static void Scan(string? text, ref HashSet<string>? found)
    {
        if (text is not null && CredentialHandleFormat.Contains(text))
        {
            CredentialHandleFormat.FindAll(text, found ??= new HashSet<string>(StringComparer.Ordinal));
        }
    }
}
