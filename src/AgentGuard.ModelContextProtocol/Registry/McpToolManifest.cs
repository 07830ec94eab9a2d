using System.Security.Cryptography;
using System.Text;
using ModelContextProtocol.Protocol;

namespace AgentGuard;

/// <summary>The tool manifest a publisher signs: every tool definition of a server, in canonical form.</summary>
/// <remarks>
/// <para>The manifest is the UTF-8 text <c>{"tools":[…]}</c> whose array holds each tool's canonical form (see
/// <see cref="McpToolCanonicalForm"/>) sorted by tool name (ordinal). It names no server: the publisher does not know
/// what a deployment calls its server.</para>
/// <para>A signature is ECDSA over P-256 with SHA-256, either DER-encoded (what <c>openssl dgst -sha256 -sign key.pem</c>
/// writes) or the 64-byte IEEE P1363 form (<c>r‖s</c>). Public keys are PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</para>
/// </remarks>
public static class McpToolManifest
{
    private const int P1363Length = 64;
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Creates the manifest of a server's tools.</summary>
    /// <param name="tools">The tool definitions.</param>
    /// <returns>The manifest's UTF-8 bytes.</returns>
    public static byte[] Create(IEnumerable<Tool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var text = new StringBuilder("{\"tools\":[");
        var first = true;
        foreach (var canonical in tools.Select(static t => (t.Name, Canonical: McpToolCanonicalForm.ToCanonicalJson(t)))
                     .OrderBy(static t => t.Name, StringComparer.Ordinal).ThenBy(static t => t.Canonical, StringComparer.Ordinal))
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            text.Append(canonical.Canonical);
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }

    /// <summary>Signs a manifest (for publishers and tests).</summary>
    /// <param name="manifest">The manifest bytes.</param>
    /// <param name="privateKey">The publisher's P-256 private key.</param>
    /// <returns>The DER-encoded signature.</returns>
    public static byte[] Sign(ReadOnlySpan<byte> manifest, ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        return privateKey.SignData(manifest, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>Verifies a manifest's signature against any of the given public keys.</summary>
    /// <param name="manifest">The manifest bytes.</param>
    /// <param name="signature">The signature, DER or IEEE P1363.</param>
    /// <param name="publicKeys">The publisher keys.</param>
    /// <returns><see langword="true"/> when one of the keys verifies the signature.</returns>
    public static bool Verify(ReadOnlySpan<byte> manifest, ReadOnlySpan<byte> signature, IEnumerable<ECDsa> publicKeys)
    {
        ArgumentNullException.ThrowIfNull(publicKeys);
        if (signature.IsEmpty)
        {
            return false;
        }

        var format = signature.Length == P1363Length ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence;
        foreach (var key in publicKeys)
        {
            try
            {
                if (key.VerifyData(manifest, signature, HashAlgorithmName.SHA256, format))
                {
                    return true;
                }
            }
            catch (CryptographicException)
            {
                // A malformed signature verifies under no key.
            }
        }

        return false;
    }

    /// <summary>Imports a publisher's public key from PEM and checks that it is a P-256 key.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CryptographicException">The text is not a P-256 public key.</exception>
    public static ECDsa ImportPublicKey(string pem)
    {
        ArgumentException.ThrowIfNullOrEmpty(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            var curve = key.ExportParameters(false).Curve.Oid;
            if (curve?.Value != P256Oid && curve?.FriendlyName is not ("nistP256" or "ECDSA_P256"))
            {
                throw new CryptographicException($"publisher keys are ECDSA P-256; this key is on curve '{curve?.FriendlyName ?? curve?.Value}'");
            }

            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
