namespace AgentGuard;

/// <summary>TLS settings of the enforcement service.</summary>
public sealed class ServerTlsOptions
{
    /// <summary>Gets or sets the server certificate: a PEM certificate file (with <see cref="KeyFile"/>) or a PKCS#12 file.</summary>
    public string CertificateFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the PEM private key file of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Gets or sets whether clients must present a certificate issued by <see cref="ClientCaFile"/>.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Gets or sets the PEM file of the CA that issues client certificates.</summary>
    public string? ClientCaFile { get; set; }
}
