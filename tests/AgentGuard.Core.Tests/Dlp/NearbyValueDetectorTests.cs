using System.Globalization;
using System.Text;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>Docker registry credentials (<c>"auths"</c> … <c>"auth": base64(user:password)</c>), found by
/// <c>NearbyValueDetector</c>: ten layouts of a Docker config, and ten near-misses.</summary>
/// <remarks>Credentials are random at run time (<see cref="Fake"/>); no literal in this file is a credential.</remarks>
public sealed class NearbyValueDetectorTests
{
    private static string Auth(int seed, string? user = null) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes((user ?? "user" + seed) + ":" + Fake.Alnum(16 + (seed % 9), seed)));

    public static TheoryData<string> Layouts() =>
    [
        "{{\"auths\":{{\"registry.example.com\":{{\"auth\":\"{0}\"}}}}}}",
        "{{\n  \"auths\": {{\n    \"https://index.docker.io/v1/\": {{\n      \"auth\": \"{0}\",\n      \"email\": \"\"\n    }}\n  }}\n}}",
        "DOCKER_AUTH_CONFIG: '{{\"auths\": {{\"ghcr.io\": {{\"auth\": \"{0}\"}}}}}}'",
        "environment = [\"DOCKER_AUTH_CONFIG={{\\\"auths\\\":{{\\\"registry.local:5000\\\":{{\\\"auth\\\":\\\"{0}\\\"}}}}}}\"]",
        "config.json: \"{{\\n\\t\\\"auths\\\": {{\\n\\t\\t\\\"quay.io\\\": {{\\n\\t\\t\\t\\\"auth\\\":\\\"{0}\\\"\\n\\t\\t}}\\n\\t}}\\n}}\"",
        "{{\"auths\":{{\"123456789012.dkr.ecr.us-east-1.amazonaws.com\":{{\"auth\":\"{0}\"}}}}}}",
        "kubectl create secret generic regcred --from-literal=.dockerconfigjson='{{\"auths\":{{\"r.io\":{{\"auth\":\"{0}\"}}}}}}'",
        "{{\"auths\": {{\"localhost:8083\": {{\"username\": \"ci\", \"auth\": \"{0}\"}}}}}}",
        "{{'auths': {{'docker.io': {{'auth': '{0}'}}}}}}",
        "echo '{{\"auths\":{{\"harbor.corp\":{{\"auth\":\"{0}\"}}}}}}' > ~/.docker/config.json",
    ];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Scan_DockerConfigAuth_IsFound(string layout)
    {
        var auth = Auth(layout.Length);
        DlpAssert.Finds(string.Format(CultureInfo.InvariantCulture, layout, auth), DlpDetectorNames.DockerRegistryAuth, auth);
    }

    public static TheoryData<string> NearMisses()
    {
        var text = Convert.ToBase64String(Encoding.ASCII.GetBytes("just some words here"));
        var binary = Convert.ToBase64String([0x01, 0xFE, 0x3A, 0x10, 0x88, 0x00, 0x7F, 0x3A, 0x99]);
        var noColonEnd = Convert.ToBase64String(Encoding.ASCII.GetBytes("username:"));
        var noColonStart = Convert.ToBase64String(Encoding.ASCII.GetBytes(":password123"));
        return
        [
            $"{{\"auths\":{{\"r.io\":{{\"auth\":\"{text}\"}}}}}}",                    // base64 of text without a colon
            $"{{\"auths\":{{\"r.io\":{{\"auth\":\"{binary}\"}}}}}}",                  // base64 of bytes that are not text
            $"{{\"auths\":{{\"r.io\":{{\"auth\":\"{noColonEnd}\"}}}}}}",              // a user and no password
            $"{{\"auths\":{{\"r.io\":{{\"auth\":\"{noColonStart}\"}}}}}}",            // a password and no user
            $"{{\"auth\":\"{Auth(1)}\"}}",                                              // no "auths" (left to other checks)
            $"{{\"auths\":{{}}}}" + new string(' ', 130) + $"\"auth\":\"{Auth(2)}\"", // too far from "auths"
            $"{{\"auths\":{{\"r.io\":{{\"auth\":\"{Auth(3)[..^2]}\"}}}}}}",             // cut short (not a base64 length)
            "{\"auths\":{\"r.io\":{\"auth\":\"${DOCKER_AUTH}\"}}}",                      // a variable reference
            "the \"auths\" object of config.json maps registries to credentials",       // prose
            $"{{\"AUTHS\":{{\"r.io\":{{\"auth\":\"{Auth(4)}\"}}}}}}",                   // not Docker's key
        ];
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void Scan_DockerConfigNearMiss_IsNotReported(string text) =>
        DlpAssert.DoesNotFind(text, DlpDetectorNames.DockerRegistryAuth);
}
