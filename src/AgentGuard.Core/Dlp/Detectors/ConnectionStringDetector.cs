namespace AgentGuard;

/// <summary>Passwords in key=value connection strings (ADO.NET, ODBC, JDBC properties):
/// <c>Server=db;User Id=app;Password=…;</c>. Needs another connection-string key nearby; the password value is the finding.</summary>
internal sealed class ConnectionStringDetector() : BuiltInDetector(DlpDetectorNames.ConnectionStringPassword, DlpKind.Secret)
{
    private const int ContextWindow = 200;
    private const int MaxValue = 256;

    private static readonly string[] s_contextKeys =
    [
        "server=", "data source=", "datasource=", "host=", "hostname=", "user id=", "userid=", "uid=", "user=", "username=",
        "database=", "initial catalog=", "provider=", "driver=", "dsn=", "port=", "addr=", "address=", "endpoint=", "dbname=",
    ];

    private static readonly System.Buffers.SearchValues<char> s_valueStop = System.Buffers.SearchValues.Create(";\r\n\"'&<");

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.AnyCase("password", "pwd");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        if (index > 0 && (char.IsAsciiLetterOrDigit(text[index - 1]) || text[index - 1] == '_'))
        {
            return index + keywordLength;
        }

        var p = index + keywordLength;
        while (p < text.Length && text[p] == ' ')
        {
            p++;
        }

        if (p >= text.Length || text[p] != '=')
        {
            return index + keywordLength;
        }

        p++;
        while (p < text.Length && text[p] == ' ')
        {
            p++;
        }

        if (p >= text.Length)
        {
            return p;
        }

        int valueStart, valueEnd;
        var open = text[p];
        if (open is '\'' or '"' or '{')
        {
            var close = open == '{' ? '}' : open;
            valueStart = p + 1;
            var window = text[valueStart..Math.Min(text.Length, valueStart + MaxValue)];
            var length = window.IndexOf(close);
            if (length <= 0)
            {
                return valueStart;
            }

            valueEnd = valueStart + length;
        }
        else
        {
            valueStart = p;
            var window = text[valueStart..Math.Min(text.Length, valueStart + MaxValue)];
            var length = window.IndexOfAny(s_valueStop);
            length = length < 0 ? window.Length : length;
            valueEnd = valueStart + length;
            while (valueEnd > valueStart && text[valueEnd - 1] is ' ' or '\\' or ',')
            {
                valueEnd--;
            }
        }

        var value = text[valueStart..valueEnd];
        // The semicolon test is the cheapest and rejects most text (a password assigned outside a connection string).
        if (value.Length < 3 || !HasSemicolonNearby(text, index, valueEnd) || SecretValueRules.IsPlaceholder(value)
            || !HasConnectionContext(text, index, valueEnd))
        {
            return valueEnd;
        }

        Report(hits, valueStart, valueEnd - valueStart, DlpConfidence.High);
        return valueEnd;
    }

    private static bool HasSemicolonNearby(ReadOnlySpan<char> text, int start, int end) =>
        text[Math.Max(0, start - ContextWindow)..Math.Min(text.Length, end + ContextWindow)].Contains(';');

    private static bool HasConnectionContext(ReadOnlySpan<char> text, int start, int end)
    {
        var from = Math.Max(0, start - ContextWindow);
        var to = Math.Min(text.Length, end + ContextWindow);
        var window = text[from..to];
        foreach (var key in s_contextKeys)
        {
            var i = window.IndexOf(key, StringComparison.OrdinalIgnoreCase);
            if (i >= 0 && (i == 0 || !char.IsAsciiLetter(window[i - 1])))
            {
                return true;
            }
        }

        return false;
    }
}
