using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace AgentGuard;

/// <summary>Finds secrets and personal data in text and JSON, and redacts them.</summary>
/// <remarks>
/// Thread-safe and immutable once built; build one per set of options and share it. Built-in detectors run together in two
/// vectorised passes (keyword anchors, then digits, <c>@</c> and <c>:</c>), so clean text is not run through every detector;
/// each detector looks only within a bounded window of its anchor, so a scan is linear in the text, whatever the input.
/// Findings carry offsets, never copies of the values.
/// </remarks>
public sealed partial class DlpScanner
{
    private static readonly DlpDetectorInfo[] s_builtIn = [.. BuiltInDetectorCatalog.Create().Select(static d => new DlpDetectorInfo(d.Name, d.Kind)).Distinct()];

    private static readonly SearchValues<char> s_invisible = SearchValues.Create("\u00AD\u180E\u200B\u200C\u200D\u2060\u2061\u2062\u2063\u2064\uFEFF");

    [ThreadStatic]
    private static List<DlpDetection>? t_hits;

    [ThreadStatic]
    private static List<DlpMatch>? t_matches;

    private readonly BuiltInEngine _engine;
    private readonly IDlpDetector[] _custom;
    private readonly DlpConfidence _minimum;
    private readonly byte[] _hmacKey;
    private readonly bool _genericEnabled;

    /// <summary>Initializes a new instance of the <see cref="DlpScanner"/> class.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="detectors">Detectors added in code, run after the built-in and configured ones.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every error.</exception>
    public DlpScanner(DlpOptions? options = null, IEnumerable<IDlpDetector>? detectors = null)
    {
        Options = options ?? new DlpOptions();
        var code = (detectors ?? []).ToArray();
        if (code.Any(static d => d is null))
        {
            throw new ArgumentException("a detector is null", nameof(detectors));
        }

        var errors = DlpOptionsValidation.Validate(Options, code.Select(static d => d.Name));
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid DLP options: " + string.Join("; ", errors), nameof(options));
        }

        var enabled = Options.EnabledDetectors;
        var disabled = Options.DisabledDetectors;
        _engine = new BuiltInEngine(BuiltInDetectorCatalog.Create().Where(d => (enabled.Count == 0 || enabled.Contains(d.Name)) && !disabled.Contains(d.Name)));
        _custom = [.. Options.CustomDetectors.Select(static c => (IDlpDetector)new RegexDlpDetector(c)).Concat(code).Where(d => !disabled.Contains(d.Name))];
        _minimum = Options.MinimumConfidence;
        _hmacKey = Options.HmacKey is { } key ? Encoding.UTF8.GetBytes(key) : RandomNumberGenerator.GetBytes(32);
        _genericEnabled = _engine.Detectors.Any(static d => d.Name == DlpDetectorNames.GenericSecret);
        Detectors = [.. _engine.Detectors.Select(static d => new DlpDetectorInfo(d.Name, d.Kind)).Distinct().Concat(_custom.Select(static d => new DlpDetectorInfo(d.Name, d.Kind)))];
    }

    /// <summary>Gets every built-in detector's name and kind.</summary>
    public static IReadOnlyList<DlpDetectorInfo> BuiltInDetectors => s_builtIn;

    /// <summary>Gets the detectors this scanner runs.</summary>
    public IReadOnlyList<DlpDetectorInfo> Detectors { get; }

    /// <summary>Gets the options the scanner was built with.</summary>
    public DlpOptions Options { get; }

    /// <summary>Scans text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The findings in order of position, without overlaps (overlapping findings merge into one covering them all, named
    /// after the strongest: a format-specific detector over a name-based one, then the more confident, a secret over personal
    /// data, the longer match); empty when the text is clean.</returns>
    public IReadOnlyList<DlpDetection> Scan(ReadOnlySpan<char> text)
    {
        var hits = t_hits ?? new List<DlpDetection>();
        t_hits = null;
        try
        {
            ScanInto(text, hits);
            return DlpDetectionList.Create(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hits));
        }
        finally
        {
            hits.Clear();
            t_hits = hits;
        }
    }

    /// <summary>Decides what happens to a finding: the options' per-detector, then per-kind override, else the persona's policy
    /// for the direction; personal data in an argument the persona pins is allowed, and a credential handle leaving through an
    /// egress tool is always blocked.</summary>
    /// <param name="detection">The finding.</param>
    /// <param name="direction">Where the data flows.</param>
    /// <param name="policy">The persona's DLP policy.</param>
    /// <param name="personalDataTrusted">Whether the persona pins the argument's values (allowed domains, allowed hosts, an enumeration).</param>
    /// <returns>The action.</returns>
    public DlpAction ResolveAction(DlpDetection detection, DlpDirection direction, DlpPolicy policy, bool personalDataTrusted = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return DlpActionResolver.Resolve(detection, direction, policy, Options, personalDataTrusted);
    }

    /// <summary>Replaces each finding with its redaction (see <see cref="DlpOptions.Redaction"/>).</summary>
    /// <param name="text">The text that was scanned.</param>
    /// <param name="detections">Findings from <see cref="Scan"/> over the same text (ordered, not overlapping).</param>
    /// <returns>The redacted text; <paramref name="text"/> itself when there is nothing to redact.</returns>
    public string Redact(string text, IEnumerable<DlpDetection> detections)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(detections);
        StringBuilder? builder = null;
        var copied = 0;
        foreach (var detection in detections.OrderBy(static d => d.Start))
        {
            if (detection.Start < copied || detection.End > text.Length || detection.Length <= 0)
            {
                continue; // overlapping or out of range: the earlier redaction already covers it.
            }

            builder ??= new StringBuilder(text.Length + 32);
            builder.Append(text, copied, detection.Start - copied);
            AppendReplacement(builder, detection, text.AsSpan(detection.Start, detection.Length));
            copied = detection.End;
        }

        if (builder is null)
        {
            return text;
        }

        builder.Append(text, copied, text.Length - copied);
        return TextSanitizer.ReplaceLoneSurrogates(builder.ToString());
    }

    /// <summary>Scans text and redacts every finding.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The redacted text; <paramref name="text"/> itself when it is clean.</returns>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Redact(text, Scan(text));
    }

    /// <summary>Gets the replacement for one finding.</summary>
    /// <param name="detection">The finding.</param>
    /// <param name="value">The matched value (used by <see cref="DlpRedactionStyle.Mask"/> and <see cref="DlpRedactionStyle.Hash"/>).</param>
    /// <returns>The replacement text.</returns>
    public string GetReplacement(DlpDetection detection, ReadOnlySpan<char> value)
    {
        var builder = new StringBuilder();
        AppendReplacement(builder, detection, value);
        return builder.ToString();
    }

    private void AppendReplacement(StringBuilder builder, DlpDetection detection, ReadOnlySpan<char> value)
    {
        switch (Options.Redaction)
        {
            case DlpRedactionStyle.Mask:
                var keep = value.Length > 8 ? 4 : 0;
                builder.Append('*', value.Length - keep).Append(value[(value.Length - keep)..]);
                break;
            case DlpRedactionStyle.Hash:
                var bytes = Encoding.UTF8.GetBytes(value.ToArray());
                Span<byte> digest = stackalloc byte[32];
                HMACSHA256.HashData(_hmacKey, bytes, digest);
                builder.Append("[REDACTED:").Append(detection.Detector).Append(":hmac:").Append(Convert.ToHexStringLower(digest[..8])).Append(']');
                break;
            default:
                builder.Append("[REDACTED:").Append(detection.Detector).Append(']');
                break;
        }
    }

    private void ScanInto(ReadOnlySpan<char> text, List<DlpDetection> hits)
    {
        if (text.IsEmpty)
        {
            return;
        }

        if (ContainsInvisible(text))
        {
            ScanWithoutInvisible(text, hits);
            return;
        }

        _engine.Scan(text, hits);
        if (_custom.Length > 0)
        {
            RunCustom(text, hits);
        }

        if (hits.Count > 0)
        {
            Resolve(hits, _minimum);
        }
    }

    /// <summary>Whether the text holds one of <see cref="s_invisible"/>.</summary>
    /// <remarks>The range test is a fast vectorised pre-check for ASCII text. A search for the whole set would take
    /// <see cref="SearchValues{T}"/>' probabilistic path (eleven scattered non-ASCII characters), which costs about a fifth of
    /// a scan of text with non-ASCII letters or punctuation; two range searches and one three-value search are vectorised
    /// exactly.</remarks>
    internal static bool ContainsInvisible(ReadOnlySpan<char> text) =>
        text.IndexOfAnyInRange('\u00AD', '\uFEFF') >= 0
        && (text.IndexOfAnyInRange('\u200B', '\u200D') >= 0 || text.IndexOfAnyInRange('\u2060', '\u2064') >= 0 || text.IndexOfAny('\u00AD', '\u180E', '\uFEFF') >= 0);

    /// <summary>Scans a copy of the text without zero-width and other invisible format characters, which an agent could slip
    /// into a secret to hide it from the scan (the receiver strips them), and maps the findings back onto the original text.</summary>
    private void ScanWithoutInvisible(ReadOnlySpan<char> text, List<DlpDetection> hits)
    {
        var chars = ArrayPool<char>.Shared.Rent(text.Length);
        var map = ArrayPool<int>.Shared.Rent(text.Length + 1);
        try
        {
            var n = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (!s_invisible.Contains(text[i]))
                {
                    chars[n] = text[i];
                    map[n++] = i;
                }
            }

            map[n] = text.Length;
            var visible = chars.AsSpan(0, n);
            var first = hits.Count;
            _engine.Scan(visible, hits);
            if (_custom.Length > 0)
            {
                RunCustom(visible, hits);
            }

            for (var k = first; k < hits.Count; k++)
            {
                var hit = hits[k];
                var start = map[hit.Start];
                var end = map[hit.End - 1] + 1;
                hits[k] = hit with { Start = start, Length = end - start };
            }

            if (hits.Count > 0)
            {
                Resolve(hits, _minimum);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<int>.Shared.Return(map);
        }
    }

    private void RunCustom(ReadOnlySpan<char> text, List<DlpDetection> hits)
    {
        var matches = t_matches ?? new List<DlpMatch>();
        t_matches = null;
        try
        {
            foreach (var detector in _custom)
            {
                matches.Clear();
                detector.Scan(text, matches);
                foreach (var match in matches)
                {
                    if (match.Start >= 0 && match.Length > 0 && match.Start <= text.Length - match.Length)
                    {
                        hits.Add(new DlpDetection(detector.Name, detector.Kind, match.Start, match.Length, match.Confidence));
                    }
                }
            }
        }
        finally
        {
            matches.Clear();
            t_matches = matches;
        }
    }

    /// <summary>Drops weak findings and resolves overlaps in place: ordered by position, none overlapping. Overlapping findings
    /// merge into one that covers them all, named after the strongest, so redacting it leaves no part of any of them.</summary>
    private static void Resolve(List<DlpDetection> hits, DlpConfidence minimum)
    {
        if (minimum > DlpConfidence.Low)
        {
            hits.RemoveAll(h => h.Confidence < minimum);
        }

        SortByPosition(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hits));
        var kept = 0;
        for (var i = 0; i < hits.Count; i++)
        {
            var current = hits[i];
            if (kept > 0 && current.Start < hits[kept - 1].End)
            {
                var previous = hits[kept - 1];
                var winner = Outranks(current, previous) ? current : previous;
                var start = Math.Min(previous.Start, current.Start);
                var end = Math.Max(previous.End, current.End);
                hits[kept - 1] = winner with { Start = start, Length = end - start };
                continue;
            }

            hits[kept++] = current;
        }

        hits.RemoveRange(kept, hits.Count - kept);
    }

    /// <summary>Whether <paramref name="a"/> should replace the overlapping <paramref name="b"/>: a detector that recognised a
    /// format beats one that only saw a secret-sounding name, then the more confident, a secret over personal data, the longer.</summary>
    private static bool Outranks(DlpDetection a, DlpDetection b)
    {
        var specificA = !IsContextual(a.Detector);
        var specificB = !IsContextual(b.Detector);
        return specificA != specificB ? specificA
            : a.Confidence != b.Confidence ? a.Confidence > b.Confidence
            : a.Kind != b.Kind ? a.Kind == DlpKind.Secret
            : a.Length > b.Length;
    }

    /// <summary>Orders findings by position, longer first at the same position.</summary>
    /// <remarks>Each detector pass reports in order, so the list is a few sorted runs (one per pass, more when a detector
    /// reports before its anchor): those are merged pairwise, O(n log runs). Many runs fall back to sorting a packed 64-bit
    /// key, a primitive sort several times cheaper than sorting the records with a comparer.</remarks>
    private static void SortByPosition(Span<DlpDetection> hits)
    {
        const int MaxRuns = 64;
        Span<int> runs = stackalloc int[MaxRuns + 1];
        var count = 0;
        runs[0] = 0;
        for (var i = 1; i < hits.Length; i++)
        {
            if (Key(hits[i - 1]) > Key(hits[i]))
            {
                if (++count == MaxRuns)
                {
                    SortByKey(hits);
                    return;
                }

                runs[count] = i;
            }
        }

        if (count == 0)
        {
            return;
        }

        runs[++count] = hits.Length;
        var buffer = ArrayPool<DlpDetection>.Shared.Rent(hits.Length);
        try
        {
            while (count > 1)
            {
                var merged = 0;
                var r = 0;
                for (; r + 1 < count; r += 2)
                {
                    Merge(hits, runs[r], runs[r + 1], runs[r + 2], buffer);
                    runs[++merged] = runs[r + 2];
                }

                if (r < count)
                {
                    runs[++merged] = runs[count];
                }

                count = merged;
            }
        }
        finally
        {
            // Clear only what was used (the detector names it references), not the whole rented array.
            buffer.AsSpan(0, hits.Length).Clear();
            ArrayPool<DlpDetection>.Shared.Return(buffer);
        }

        static void Merge(Span<DlpDetection> hits, int low, int middle, int high, DlpDetection[] buffer)
        {
            int a = low, b = middle, o = 0;
            while (a < middle && b < high)
            {
                buffer[o++] = Key(hits[a]) <= Key(hits[b]) ? hits[a++] : hits[b++];
            }

            while (a < middle)
            {
                buffer[o++] = hits[a++];
            }

            while (b < high)
            {
                buffer[o++] = hits[b++];
            }

            buffer.AsSpan(0, o).CopyTo(hits[low..high]);
        }
    }

    private static void SortByKey(Span<DlpDetection> hits)
    {
        var keys = ArrayPool<long>.Shared.Rent(hits.Length);
        var order = ArrayPool<DlpDetection>.Shared.Rent(hits.Length);
        try
        {
            for (var i = 0; i < hits.Length; i++)
            {
                keys[i] = Key(hits[i]);
            }

            hits.CopyTo(order);
            keys.AsSpan(0, hits.Length).Sort(order.AsSpan(0, hits.Length));
            order.AsSpan(0, hits.Length).CopyTo(hits);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(keys);
            order.AsSpan(0, hits.Length).Clear();
            ArrayPool<DlpDetection>.Shared.Return(order);
        }
    }

    /// <summary>Start ascending, then length descending (a longer finding first at the same start).</summary>
    private static long Key(in DlpDetection d) => ((long)d.Start << 32) | (uint)(int.MaxValue - d.Length);

    private static bool IsContextual(string detector) =>
        detector is DlpDetectorNames.GenericSecret or DlpDetectorNames.BearerToken or DlpDetectorNames.AuthorizationHeader
            or DlpDetectorNames.CurlCredentials or DlpDetectorNames.KubernetesSecret;
}
