using System.Text;

namespace AgentGuard;

/// <summary>Reads secrets from files (<c>file:/run/secrets/crm</c>), as container orchestrators mount them.</summary>
/// <remarks>Relative paths are relative to the application's base directory. The content is read as UTF-8; one trailing
/// line break is removed. Files larger than 64 KiB are refused: a secret is never that large, a wrong path might be.</remarks>
internal sealed class FileSecretStore : ISecretStore
{
    private const int MaxBytes = 64 * 1024;

    public string Name => SecretStoreNames.File;

    public async ValueTask<string?> GetSecretAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.IsPathRooted(name) ? name : Path.Combine(AppContext.BaseDirectory, name);
        var file = new FileInfo(path);
        if (!file.Exists || file.Length > MaxBytes)
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(bytes);
        text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        return text.Length > 0 ? text : null;
    }
}
