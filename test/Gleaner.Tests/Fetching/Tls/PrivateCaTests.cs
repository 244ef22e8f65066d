using Gleaner.Fetching;

namespace Gleaner.Tests.Fetching.Tls;

/// <summary>Loading a private CA's PEM file: every way it can be wrong is said before anything is fetched.</summary>
public sealed class PrivateCaTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gleaner-ca-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_TwoCertificates_KeepsBoth()
    {
        using var root = TestPki.Ca();
        using var intermediate = TestPki.Intermediate(root);

        var ca = PrivateCa.Load(TestPki.WritePem(_directory, intermediate, root));

        Assert.Equal([intermediate.Thumbprint, root.Thumbprint], ca.Certificates.Select(c => c.Thumbprint));
    }

    [Fact]
    public void Load_SameCertificatesTwice_IsEqualSoTheConnectionSettingsShareAPool()
    {
        using var root = TestPki.Ca();
        var a = PrivateCa.Load(TestPki.WritePem(_directory, root));
        var b = PrivateCa.Load(TestPki.WritePem(_directory, root));
        using var other = TestPki.Ca();

        Assert.Equal(a, b);
        Assert.Equal(new ConnectionSettings { PrivateCa = a }, new ConnectionSettings { PrivateCa = b });
        Assert.NotEqual(a, PrivateCa.Load(TestPki.WritePem(_directory, other)));
    }

    [Theory]
    [InlineData("missing.pem", null, "no such file")]
    [InlineData("empty.pem", "", "the file holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)")]
    [InlineData("key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "the file holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)")]
    public void TryLoad_NotACaFile_SaysWhy(string name, string? content, string problem)
    {
        var path = Path.Combine(_directory, name);
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        Assert.False(PrivateCa.TryLoad(path, out var ca, out var said));
        Assert.Null(ca);
        Assert.Equal(problem, said);
    }

    [Fact]
    public void TryLoad_CorruptCertificate_SaysItIsNotValid()
    {
        var path = Path.Combine(_directory, "corrupt.pem");
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        Assert.False(PrivateCa.TryLoad(path, out _, out var said));
        Assert.StartsWith("a certificate in the file is not valid (", said, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_Directory_SaysSo()
    {
        Assert.False(PrivateCa.TryLoad(_directory, out _, out var said));
        Assert.Equal("is a directory, not a PEM file", said);
    }

    [Fact]
    public void Load_Missing_ThrowsNamingThePath()
    {
        var path = Path.Combine(_directory, "missing.pem");

        var e = Assert.Throws<InvalidDataException>(() => PrivateCa.Load(path));

        Assert.Equal($"{path}: no such file", e.Message);
    }
}
