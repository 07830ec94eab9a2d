using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace AgentGuard;

/// <summary>The configured backends, validated and compiled once into a frozen dictionary.</summary>
internal sealed class CredentialBackendRegistry
{
    private readonly FrozenDictionary<string, CompiledCredentialBackend> _backends;

    public CredentialBackendRegistry(IOptions<AgentGuardCredentialOptions> options)
    {
        // Reading Value runs the validators: invalid credential configuration fails here, before any request goes out.
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _backends = Options.Backends.ToFrozenDictionary(static p => p.Key, static p => new CompiledCredentialBackend(p.Key, p.Value), StringComparer.Ordinal);
    }

    public AgentGuardCredentialOptions Options { get; }

    public IEnumerable<CompiledCredentialBackend> All => _backends.Values;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CompiledCredentialBackend? backend) =>
        _backends.TryGetValue(name, out backend);

    public CompiledCredentialBackend Get(string name) =>
        _backends.TryGetValue(name, out var backend)
            ? backend
            : throw new InvalidOperationException($"AgentGuard has no credential backend named '{name}'; add it with AddCredential(\"{name}\", ...) or AddCredentialsFromConfiguration.");
}
