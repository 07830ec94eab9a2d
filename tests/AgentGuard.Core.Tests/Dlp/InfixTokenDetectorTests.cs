using System.Globalization;

namespace AgentGuard.Core.Tests.Dlp;

/// <summary>True positives and near-misses for the tokens recognised by a marker inside them (<c>InfixTokenDetector</c>): Azure's
/// identifiable keys and New Relic license keys, each in ten surroundings and against ten ways of almost being its token.</summary>
/// <remarks>Keys are random at run time (<see cref="Fake"/>); no literal in this file is a credential.</remarks>
public sealed class InfixTokenDetectorTests
{
    private static readonly string[] s_contexts =
    [
        "{0}",
        "ACCOUNT_KEY={0}",
        "{{\"primaryKey\": \"{0}\"}}",
        "password: '{0}'",
        "export AZURE_KEY=\"{0}\"",
        "docker login example.azurecr.io -u example -p {0}",
        "2025-03-01T10:00:00Z INFO connecting with {0} now",
        "<key>{0}</key>",
        "az keyvault secret set --name registry --value {0} --vault-name prod",
        "`{0}`",
    ];

    /// <summary>A format: the marker, where it sits, the token's length and trailing padding.</summary>
    public sealed record Spec(string Detector, string Marker, int Offset, int Length, int Padding)
    {
        public string Token(int seed, int before = 0, int after = 0)
        {
            var head = Detector == DlpDetectorNames.NewRelicLicenseKey
                ? (seed % 2 == 0 ? Fake.Hex(Offset + before, seed) : "eu01" + "xx" + Fake.Hex(Offset - 6 + before, seed))
                : Fake.Base64(Offset + before, seed);
            var tailLength = Length - Padding - Offset - Marker.Length + after;
            if (tailLength < 0)
            {
                // Nothing follows the marker (New Relic): one short means one fewer before it.
                head = head[..^1];
                tailLength = 0;
            }

            var tail = Fake.Alnum(tailLength, seed + 1);
            return head + Marker + tail + new string('=', Padding);
        }

        public override string ToString() => Marker;
    }

    public static IEnumerable<Spec> Specs()
    {
        yield return new(DlpDetectorNames.AzureIdentifiableKey, "+A" + "CR", 42, 52, 0);
        yield return new(DlpDetectorNames.AzureIdentifiableKey, "Az" + "Se", 42, 52, 0);
        yield return new(DlpDetectorNames.AzureIdentifiableKey, "Az" + "Fu", 44, 56, 2);
        yield return new(DlpDetectorNames.AzureIdentifiableKey, "+A" + "Sb", 33, 44, 1);
        yield return new(DlpDetectorNames.AzureIdentifiableKey, "+A" + "Eh", 33, 44, 1);
        yield return new(DlpDetectorNames.AzureIdentifiableKey, "+A" + "Rm", 33, 44, 1);
        yield return new(DlpDetectorNames.AzureIdentifiableKey, "+A" + "St", 76, 88, 2);
        yield return new(DlpDetectorNames.AzureIdentifiableKey, "AC" + "Db", 76, 88, 2);
        yield return new(DlpDetectorNames.AzureIdentifiableKey, "AP" + "IM", 76, 88, 2);
        yield return new(DlpDetectorNames.NewRelicLicenseKey, "FFFF" + "NRAL", 32, 40, 0);
    }

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        for (var spec = 0; spec < Specs().Count(); spec++)
        {
            for (var i = 0; i < 10; i++)
            {
                data.Add(spec, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scan_MarkedToken_IsFound(int index, int context)
    {
        var spec = Specs().ElementAt(index);
        var token = spec.Token(3000 + (context * 17));
        Assert.Equal(spec.Length, token.Length);
        var text = string.Format(CultureInfo.InvariantCulture, s_contexts[context], token);
        DlpAssert.Finds(text, spec.Detector, token);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scan_MarkedTokenNearMiss_IsNotReported(int index, int kind)
    {
        var spec = Specs().ElementAt(index);
        var seed = 4000 + kind;
        var token = spec.Token(seed);
        var markerAt = spec.Offset;
        var text = kind switch
        {
            0 => "key " + spec.Token(seed, before: -1) + " end",                                              // one short before the marker
            1 => "key " + spec.Token(seed, before: 1) + " end",                                               // one too many before it
            2 => "key " + spec.Token(seed, after: -1) + " end",                                               // one short after it
            3 => "key " + spec.Token(seed, after: 1) + " end",                                                // one too many after it
            4 => token[..markerAt] + spec.Marker.ToLowerInvariant() + token[(markerAt + spec.Marker.Length)..], // the marker in other case
            5 => new string('x', markerAt) + spec.Marker + new string('x', spec.Length - markerAt - spec.Marker.Length),  // filler
            6 => "keys carry the " + spec.Marker + " marker after their random part",                        // the marker in prose
            7 => new string('0', markerAt) + spec.Marker + new string('0', spec.Length - markerAt - spec.Marker.Length),  // no randomness
            8 => "key " + token + "=",                                                                         // padding too long
            _ => "key " + token + "\u00e9t\u00e9",                                                            // glued to a word on the right
        };

        DlpAssert.DoesNotFind(text, spec.Detector);
    }

    [Fact]
    public void Scan_MarkerAtTheStartOfText_NoFindingNoError()
    {
        foreach (var spec in Specs())
        {
            DlpAssert.DoesNotFind(spec.Marker + Fake.Alnum(12, 5), spec.Detector);
            DlpAssert.DoesNotFind(Fake.Base64(spec.Offset, 6) + spec.Marker, spec.Detector);
        }
    }
}
