namespace AgentGuard;

/// <summary>How a redacted finding is replaced.</summary>
public enum DlpRedactionStyle
{
    /// <summary>A typed placeholder naming the detector: <c>[REDACTED:aws_access_key_id]</c>.</summary>
    Placeholder = 0,

    /// <summary>Asterisks keeping the last four characters when the value is longer than eight: <c>************1111</c>.</summary>
    Mask = 1,

    /// <summary>A keyed digest for correlation without disclosure: <c>[REDACTED:email_address:hmac:1f2e3d4c5b6a7988]</c>
    /// (the first 64 bits of HMAC-SHA256 over the value's UTF-8 bytes, in hex).</summary>
    Hash = 2,
}
