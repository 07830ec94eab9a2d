using System.Text.Json;

namespace AgentGuard;

internal sealed partial class BehaviorEvaluator
{
    private const int MaxEgressDepth = 8;
    private const int WeakMatchesForTaint = 3;

    /// <summary>Looks for values from sensitive results in an egress tool's arguments; a strong match refuses the call.</summary>
    /// <returns><see langword="true"/> when the call is refused.</returns>
    private bool ScoreEgress(BehaviorState state, ref BehaviorOutcome outcome, ResolvedTool tool, JsonElement arguments, long now)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var sink = new LookupSink(state.Taint, state.WeakTaint, Minute(now - _taintMemory));
        string? strongArgument = null;
        foreach (var property in arguments.EnumerateObject())
        {
            if (IsDeclaredDestination(tool, property.Name))
            {
                continue; // a destination the persona constrains (allowed_domains, allowed_hosts, enum) is not data
            }

            var strongBefore = sink.StrongHits;
            ScanJson(property.Value, ref sink, phraseWindows: true, 0);
            if (sink.StrongHits > strongBefore)
            {
                strongArgument ??= property.Name;
            }
        }

        if (strongArgument is not null)
        {
            var weight = _weights.Taint;
            state.TaintEvidence += weight;
            state.TaintTicks = now;
            outcome.Add(BehaviorRules.Taint,
                $"a value from a sensitive result (received {Ago(now - (sink.StrongMinute * TimeSpan.TicksPerMinute))}) appears in argument '{CompiledArguments.Printable(strongArgument)}' of egress tool '{tool.Name}' (+{Format(weight)}, remembered)",
                weight,
                refuses: true);
            return true;
        }

        if (sink.WeakDistinct >= WeakMatchesForTaint)
        {
            AddDecaying(state, ref outcome, BehaviorRules.WeakTaint, _weights.WeakTaint,
                $"{sink.WeakDistinct} words from sensitive results appear in the arguments of egress tool '{tool.Name}'");
        }

        return false;
    }

    /// <summary>Fingerprints a sensitive result's values (never storing them) for later taint checks: every identifying
    /// token, and the exact spans DLP findings point at.</summary>
    /// <remarks>Values the call itself sent (the id it looked up, the name it searched for) were known before the result
    /// and are not remembered as coming out of it.</remarks>
    private void RememberSensitive(BehaviorState state, ToolResult result, JsonElement arguments, IReadOnlyList<GuardFinding> findings, long now)
    {
        if (result.Content is not { } content)
        {
            return;
        }

        var known = new CollectSink(new HashSet<ulong>());
        ScanJson(arguments, ref known, phraseWindows: true, 0);
        var sink = new SourceSink(state.Taint, state.WeakTaint, known.Fingerprints, Minute(now), _options.MaxTaintFingerprints, _options.MaxWeakFingerprints);
        ScanJson(content, ref sink, phraseWindows: false, 0);
        foreach (var finding in findings)
        {
            if (Locate(content, finding.Location) is { } text && finding.Start >= 0 && finding.Length > 0 && finding.Start + finding.Length <= text.Length)
            {
                var span = text.Substring(finding.Start, finding.Length);
                ValueTokenizer.EmitWhole(span, _fingerprinter, ref sink);
                ValueTokenizer.Scan(span, _fingerprinter, ref sink, phraseWindows: false);
            }
        }
    }

    /// <summary>Resolves a finding's location (<c>$</c>, <c>$.a.b</c>, <c>$.a[2]</c>, <c>$['a']</c>) to the string it points into.</summary>
    private static string? Locate(JsonElement content, string location)
    {
        if (string.IsNullOrEmpty(location) || location[0] != '$')
        {
            return null;
        }

        var current = content;
        var i = 1;
        while (i < location.Length)
        {
            if (location[i] == '.')
            {
                var end = location.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? location.Length : end;
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(location.AsSpan(i + 1, end - i - 1), out current))
                {
                    return null;
                }

                i = end;
            }
            else if (location[i] == '[')
            {
                var close = location.IndexOf(']', i);
                if (close < 0)
                {
                    return null;
                }

                var inner = location.AsSpan(i + 1, close - i - 1);
                if (inner.Length >= 2 && inner[0] is '\'' or '"')
                {
                    if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(inner[1..^1], out current))
                    {
                        return null;
                    }
                }
                else if (current.ValueKind != JsonValueKind.Array || !int.TryParse(inner, System.Globalization.CultureInfo.InvariantCulture, out var index)
                    || index < 0 || index >= current.GetArrayLength())
                {
                    return null;
                }
                else
                {
                    current = current[index];
                }

                i = close + 1;
            }
            else
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
    }

    private void ScanJson<TSink>(JsonElement element, ref TSink sink, bool phraseWindows, int depth)
        where TSink : struct, ITokenSink
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                ValueTokenizer.Scan(element.GetString()!, _fingerprinter, ref sink, phraseWindows);
                break;
            case JsonValueKind.Number:
                ValueTokenizer.Scan(element.GetRawText(), _fingerprinter, ref sink, phraseWindows);
                break;
            case JsonValueKind.Object when depth < MaxEgressDepth:
                foreach (var property in element.EnumerateObject())
                {
                    ScanJson(property.Value, ref sink, phraseWindows, depth + 1);
                }

                break;
            case JsonValueKind.Array when depth < MaxEgressDepth:
                foreach (var item in element.EnumerateArray())
                {
                    ScanJson(item, ref sink, phraseWindows, depth + 1);
                }

                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                // Deeper than we walk: scan the raw text rather than let nesting hide a value.
                ValueTokenizer.Scan(element.GetRawText(), _fingerprinter, ref sink, phraseWindows);
                break;
        }
    }

    private static bool IsDeclaredDestination(ResolvedTool tool, string argument) =>
        tool.Grant?.Args is { } constraints && constraints.TryGetValue(argument, out var constraint)
        && (constraint.AllowedDomains is { Count: > 0 } || constraint.AllowedHosts is { Count: > 0 } || constraint.Enum is { Count: > 0 });

    private readonly struct CollectSink(HashSet<ulong> fingerprints) : ITokenSink
    {
        public HashSet<ulong> Fingerprints => fingerprints;

        public void Strong(ulong fingerprint) => fingerprints.Add(fingerprint);

        public void Weak(ulong fingerprint) => fingerprints.Add(fingerprint);
    }

    private struct SourceSink(FingerprintSet strong, FingerprintSet weak, HashSet<ulong> known, int minute, int strongCapacity, int weakCapacity) : ITokenSink
    {
        // One result may fill at most half of each set, so it cannot flush everything remembered before it.
        private int _strongLeft = Math.Max(1, strongCapacity / 2);
        private int _weakLeft = Math.Max(1, weakCapacity / 2);

        public void Strong(ulong fingerprint)
        {
            if (_strongLeft > 0 && !known.Contains(fingerprint))
            {
                _strongLeft--;
                strong.Add(fingerprint, minute, strongCapacity);
            }
        }

        public void Weak(ulong fingerprint)
        {
            if (_weakLeft > 0 && !known.Contains(fingerprint))
            {
                _weakLeft--;
                weak.Add(fingerprint, minute, weakCapacity);
            }
        }
    }

    private struct LookupSink(FingerprintSet strong, FingerprintSet weak, int oldestMinute) : ITokenSink
    {
        private ulong _w0;
        private ulong _w1;
        private ulong _w2;

        public int StrongHits { get; private set; }

        public int StrongMinute { get; private set; }

        public int WeakDistinct { get; private set; }

        public void Strong(ulong fingerprint)
        {
            if (strong.TryGet(fingerprint, oldestMinute, out var minute))
            {
                StrongHits++;
                StrongMinute = Math.Max(StrongMinute, minute);
            }
        }

        public void Weak(ulong fingerprint)
        {
            if (WeakDistinct >= WeakMatchesForTaint || !weak.TryGet(fingerprint, oldestMinute, out _))
            {
                return;
            }

            if (fingerprint == _w0 || fingerprint == _w1 || fingerprint == _w2)
            {
                return;
            }

            switch (WeakDistinct)
            {
                case 0: _w0 = fingerprint; break;
                case 1: _w1 = fingerprint; break;
                default: _w2 = fingerprint; break;
            }

            WeakDistinct++;
        }
    }
}
