using System.Globalization;

namespace AgentGuard;

/// <summary><c>allowed_domains</c>: every e-mail address in the value must be at an allowed domain or a subdomain of one.</summary>
/// <remarks>
/// Hostile forms are refused rather than interpreted: quoted or routed local parts (<c>"a@b"@c</c>, <c>a%b@c</c>,
/// <c>a!b@c</c>), several <c>@</c>, look-alike (non-ASCII) domains are compared in their ASCII (punycode) form, and
/// lists (<c>a@x, b@y</c>) are checked address by address.
/// </remarks>
internal sealed class DomainList
{
    private static readonly System.Buffers.SearchValues<char> s_badLocal = System.Buffers.SearchValues.Create("\"\\%!<>()[]:; \t\r\n");
    private static readonly IdnMapping s_idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };
    private readonly string[] _domains;

    public DomainList(IEnumerable<string> domains) =>
        _domains = [.. domains.Select(static d => NormalizeDomain(d.Trim().TrimStart('@')) ?? d.Trim().ToLowerInvariant())];

    public bool Allows(string value, out string reason)
    {
        if (HasInvisible(value))
        {
            reason = "contains invisible or control characters";
            return false;
        }

        var parts = value.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            reason = "no address given";
            return false;
        }

        foreach (var part in parts)
        {
            var domain = ExtractDomain(part);
            if (domain is null)
            {
                reason = $"'{CompiledArguments.Printable(part)}' is not a plain e-mail address or domain";
                return false;
            }

            if (!IsAllowed(domain))
            {
                reason = $"domain '{CompiledArguments.Printable(domain)}' is not allowed";
                return false;
            }
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>Format (zero-width, bidi) and control characters have no place in an address or host.</summary>
    internal static bool HasInvisible(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

    internal static string? NormalizeDomain(string domain)
    {
        var d = domain.Trim().TrimEnd('.');
        if (d.Length == 0 || d.Length > 253)
        {
            return null;
        }

        try
        {
            d = s_idn.GetAscii(d).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        foreach (var label in d.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return null;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return null;
                }
            }
        }

        return d;
    }

    private static string? ExtractDomain(string part)
    {
        var address = part;
        var open = address.LastIndexOf('<');
        if (open >= 0)
        {
            var close = address.IndexOf('>', open);
            if (close < 0 || address.AsSpan(close + 1).Trim().Length != 0)
            {
                return null;
            }

            address = address[(open + 1)..close].Trim();
        }

        if (address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            address = address[7..];
        }

        var at = address.IndexOf('@');
        if (at < 0)
        {
            // A bare domain (or a URL) where an address was expected: judge its host.
            if (Uri.TryCreate(address.Contains("://", StringComparison.Ordinal) ? address : "https://" + address, UriKind.Absolute, out var uri)
                && uri.UserInfo.Length == 0 && (uri.AbsolutePath is "/" or "") && uri.Query.Length == 0)
            {
                return NormalizeDomain(uri.IdnHost);
            }

            return null;
        }

        if (at != address.LastIndexOf('@') || at == 0)
        {
            return null;
        }

        var local = address.AsSpan(0, at);
        if (local.IndexOfAny(s_badLocal) >= 0)
        {
            return null;
        }

        return NormalizeDomain(address[(at + 1)..]);
    }

    private bool IsAllowed(string domain)
    {
        foreach (var allowed in _domains)
        {
            if (domain == allowed || (domain.Length > allowed.Length && domain.EndsWith(allowed, StringComparison.Ordinal) && domain[domain.Length - allowed.Length - 1] == '.'))
            {
                return true;
            }
        }

        return false;
    }
}
