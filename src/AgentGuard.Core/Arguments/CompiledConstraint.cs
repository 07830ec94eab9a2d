using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentGuard;

/// <summary>One argument's constraints, compiled. Scalar checks apply to each element of an array value.</summary>
internal sealed class CompiledConstraint
{
    private readonly string _name;
    private readonly ArgumentConstraint _source;
    private readonly Regex? _pattern;
    private readonly FrozenSet<string>? _enum;
    private readonly DomainList? _domains;
    private readonly HostList? _hosts;
    private readonly bool _hasScalarChecks;

    public CompiledConstraint(string name, ArgumentConstraint source)
    {
        _name = name;
        _source = source;
        _pattern = source.Pattern is null ? null : SafeRegex.Create(source.Pattern);
        _enum = source.Enum?.ToFrozenSet(StringComparer.Ordinal);
        _domains = source.AllowedDomains is null ? null : new DomainList(source.AllowedDomains);
        _hosts = source.AllowedHosts is null ? null : new HostList(source.AllowedHosts);
        _hasScalarChecks = _pattern is not null || _enum is not null || source.Min is not null || source.Max is not null
            || source.MaxLength is not null || _domains is not null || _hosts is not null || source.DenyWildcards;
    }

    public void Check(JsonElement value, ref List<ArgumentViolation>? violations)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                if (_source.Required)
                {
                    CompiledArguments.Add(ref violations, new("args.required", _name, $"argument '{_name}' is required"));
                }

                return;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                    {
                        if (_hasScalarChecks)
                        {
                            CompiledArguments.Add(ref violations, new("args.type", _name, $"argument '{_name}' must hold scalar values"));
                            return;
                        }

                        continue;
                    }

                    CheckScalar(item, ref violations);
                }

                if (_source.DenyWildcards && value.GetArrayLength() == 0)
                {
                    CompiledArguments.Add(ref violations, new("args.wildcard", _name, $"argument '{_name}' is an empty filter"));
                }

                return;
            case JsonValueKind.Object:
                if (_hasScalarChecks)
                {
                    CompiledArguments.Add(ref violations, new("args.type", _name, $"argument '{_name}' must be a scalar value"));
                }

                return;
            default:
                CheckScalar(value, ref violations);
                return;
        }
    }

    private void CheckScalar(JsonElement value, ref List<ArgumentViolation>? violations)
    {
        if (!_hasScalarChecks)
        {
            return;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        };

        if (_source.MaxLength is { } maxLength && text.Length > maxLength)
        {
            CompiledArguments.Add(ref violations, new("args.max_length", _name, $"argument '{_name}' is longer than {maxLength} characters"));
        }

        if (_enum is not null && !_enum.Contains(text))
        {
            CompiledArguments.Add(ref violations, new("args.enum", _name, $"argument '{_name}' is not one of the allowed values"));
        }

        if (_source.Min is not null || _source.Max is not null)
        {
            CheckRange(value, text, ref violations);
        }

        if (_pattern is not null && !SafeRegex.IsMatch(_pattern, text))
        {
            CompiledArguments.Add(ref violations, new("args.pattern", _name, $"argument '{_name}' does not match the pattern {_source.Pattern}"));
        }

        if (_domains is not null && !_domains.Allows(text, out var domainWhy))
        {
            CompiledArguments.Add(ref violations, new("args.allowed_domains", _name, $"argument '{_name}': {domainWhy}"));
        }

        if (_hosts is not null && !_hosts.Allows(text, out var hostWhy))
        {
            CompiledArguments.Add(ref violations, new("args.allowed_hosts", _name, $"argument '{_name}': {hostWhy}"));
        }

        if (_source.DenyWildcards && UnboundedValue.IsUnbounded(text, out var why))
        {
            CompiledArguments.Add(ref violations, new("args.wildcard", _name, $"argument '{_name}' {why}"));
        }
    }

    private void CheckRange(JsonElement value, string text, ref List<ArgumentViolation>? violations)
    {
        double number;
        var ok = value.ValueKind == JsonValueKind.Number
            ? value.TryGetDouble(out number)
            : double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        if (!ok || double.IsNaN(number) || double.IsInfinity(number))
        {
            CompiledArguments.Add(ref violations, new("args.type", _name, $"argument '{_name}' must be a number"));
            return;
        }

        if (_source.Min is { } min && number < min)
        {
            CompiledArguments.Add(ref violations, new("args.min", _name, $"argument '{_name}' is below the minimum {min.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (_source.Max is { } max && number > max)
        {
            CompiledArguments.Add(ref violations, new("args.max", _name, $"argument '{_name}' is above the maximum {max.ToString(CultureInfo.InvariantCulture)}"));
        }
    }
}
