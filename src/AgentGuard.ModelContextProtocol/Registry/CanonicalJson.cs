using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentGuard;

/// <summary>Writes JSON in the canonical form of RFC 8785 (JSON Canonicalization Scheme), so equal values hash equally.</summary>
/// <remarks>
/// Object members are sorted by the UTF-16 code units of their names (members with the same name keep their order);
/// no whitespace is written; numbers are written as IEEE-754 doubles in the shortest form ECMAScript would print
/// (<c>1.0</c>, <c>1e0</c> and <c>1</c> are all <c>1</c>); strings are written from their decoded code points with the
/// minimal escapes (<c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>, other controls as lowercase <c>\u00xx</c>), everything
/// else literally in UTF-8. Strings are not Unicode-normalized: a changed code point is a changed value.
/// </remarks>
internal static class CanonicalJson
{
    public static byte[] ToUtf8(JsonElement element)
    {
        var text = new StringBuilder();
        Write(text, element);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static void Write(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<JsonProperty>();
                foreach (var property in element.EnumerateObject())
                {
                    members.Add(property);
                }

                // A stable sort: duplicate names (legal in JSON text, ambiguous to readers) stay in order and are all pinned.
                var ordered = members.Select(static (m, i) => (m, i)).OrderBy(static p => p.m.Name, StringComparer.Ordinal).ThenBy(static p => p.i);
                text.Append('{');
                var first = true;
                foreach (var (member, _) in ordered)
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    WriteString(text, member.Name);
                    text.Append(':');
                    Write(text, member.Value);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index++ > 0)
                    {
                        text.Append(',');
                    }

                    Write(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                WriteNumber(text, element);
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    public static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                case < ' ':
                    text.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }

    /// <summary>Formats a double as ECMAScript's Number.prototype.toString does (RFC 8785 section 3.2.2.3).</summary>
    public static string FormatNumber(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        // .NET's round-trip format is the shortest string that parses back to the same double, like ECMAScript's.
        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = roundTrip[0] == '-';
        var body = negative ? roundTrip[1..] : roundTrip;
        var exponent = 0;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }

        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? body.Length : dot;
        var digits = dot < 0 ? body : string.Concat(body.AsSpan(0, dot), body.AsSpan(dot + 1));

        // value = 0.digits × 10^n with no leading or trailing zeros in digits.
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..];
        var n = integerDigits - leading + exponent;
        digits = digits.TrimEnd('0');
        var k = digits.Length;

        var result = new StringBuilder(negative ? "-" : string.Empty);
        if (k <= n && n <= 21)
        {
            result.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            result.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var exp = n - 1;
            result.Append(digits[0]);
            if (k > 1)
            {
                result.Append('.').Append(digits, 1, k - 1);
            }

            result.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString(CultureInfo.InvariantCulture));
        }

        return result.ToString();
    }

    private static void WriteNumber(StringBuilder text, JsonElement element)
    {
        if (element.TryGetDouble(out var value) && double.IsFinite(value))
        {
            text.Append(FormatNumber(value));
        }
        else
        {
            // Beyond the range of a double: no reader agrees on its value, so keep the exact text (still deterministic).
            text.Append(element.GetRawText());
        }
    }
}
