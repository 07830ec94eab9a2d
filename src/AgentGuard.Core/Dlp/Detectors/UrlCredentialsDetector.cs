using System.Buffers;

namespace AgentGuard;

/// <summary>Passwords in URLs: <c>scheme://user:password@host</c> (database URLs, brokers, HTTP basic auth in a link).
/// The password alone is the finding; placeholders such as <c>:password@</c> or <c>:${DB_PASS}@</c> are not.</summary>
internal sealed class UrlCredentialsDetector() : BuiltInDetector(DlpDetectorNames.UrlCredentials, DlpKind.Secret)
{
    private const int MaxScheme = 32;
    private const int MaxUser = 128;
    private const int MaxPassword = 256;
    private static readonly SearchValues<char> s_userStop = SearchValues.Create(":@/?#\"'<>\\ \t\r\n`,;");
    private static readonly SearchValues<char> s_passwordStop = SearchValues.Create("@/?#\"'<>\\ \t\r\n`,;");

    private static readonly string[] s_databaseSchemes =
    [
        "postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss", "amqp", "amqps", "mssql",
        "sqlserver", "oracle", "cockroachdb", "clickhouse", "cassandra", "neo4j", "couchdb", "memcached", "ldap", "ldaps", "ftp",
        "sftp", "smtp", "smtps", "imap", "imaps", "kafka", "nats", "mqtt", "jdbc:postgresql", "jdbc:mysql", "jdbc:sqlserver",
        "jdbc:oracle:thin", "jdbc:mariadb", "postgresql+psycopg2", "mysql+pymysql",
    ];

    public override IReadOnlyList<DlpKeyword> Keywords { get; } = DlpKeyword.Exact("://");

    public override int MatchKeyword(ReadOnlySpan<char> text, int index, int keywordLength, List<DlpDetection> hits)
    {
        var schemeStart = index;
        while (schemeStart > 0 && index - schemeStart < MaxScheme && IsSchemeChar(text[schemeStart - 1]))
        {
            schemeStart--;
        }

        if (schemeStart == index || !char.IsAsciiLetter(text[schemeStart]) || (schemeStart > 0 && char.IsAsciiLetterOrDigit(text[schemeStart - 1])))
        {
            return index + 1;
        }

        var userStart = index + keywordLength;
        var userLength = LengthUntil(text, userStart, s_userStop, MaxUser);
        var colon = userStart + userLength;
        if (colon >= text.Length || text[colon] != ':')
        {
            return userStart;
        }

        var passwordStart = colon + 1;
        var passwordLength = LengthUntil(text, passwordStart, s_passwordStop, MaxPassword);
        var at = passwordStart + passwordLength;
        if (at >= text.Length || text[at] != '@' || at + 1 >= text.Length || !(char.IsAsciiLetterOrDigit(text[at + 1]) || text[at + 1] == '['))
        {
            return userStart;
        }

        var user = text.Slice(userStart, userLength);
        var password = text.Slice(passwordStart, passwordLength);
        if (password.Length < 3 || IsPlaceholder(password) || (password.Length <= 5 && !password.ContainsAnyExceptInRange('0', '9') && user.Contains('.')))
        {
            // host:port@… is not a user and a password.
            return at;
        }

        var scheme = text[schemeStart..index];
        var confidence = IsDatabaseScheme(scheme) ? DlpConfidence.High : DlpConfidence.Medium;
        Report(hits, passwordStart, passwordLength, confidence);
        return at;
    }

    private static bool IsPlaceholder(ReadOnlySpan<char> password) =>
        SecretValueRules.IsPlaceholder(password) || password.StartsWith("{", StringComparison.Ordinal) || password.Equals("pass", StringComparison.OrdinalIgnoreCase);

    private static bool IsDatabaseScheme(ReadOnlySpan<char> scheme)
    {
        foreach (var known in s_databaseSchemes)
        {
            if (scheme.Equals(known, StringComparison.OrdinalIgnoreCase)
                || (scheme.Length > known.Length && scheme[^(known.Length + 1)] == ':' && scheme.EndsWith(known, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return scheme.StartsWith("jdbc:", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsSchemeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-' or ':';

    private static int LengthUntil(ReadOnlySpan<char> text, int start, SearchValues<char> stop, int max)
    {
        var window = text[start..Math.Min(text.Length, start + max + 1)];
        var i = window.IndexOfAny(stop);
        return i < 0 ? window.Length : i;
    }
}
