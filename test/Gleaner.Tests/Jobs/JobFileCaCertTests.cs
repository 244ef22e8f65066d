using Gleaner.Jobs;
using Gleaner.Tests.Fetching.Tls;

namespace Gleaner.Tests.Jobs;

/// <summary>ca_cert in a job file: relative to the file, under defaults or per target, each file loaded once.</summary>
public sealed class JobFileCaCertTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gleaner-cacert-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parse_CaCertUnderDefaults_EveryTargetSharesOneSettingsValueUnlessItNamesItsOwn()
    {
        using var ca = TestPki.Ca();
        using var other = TestPki.Ca("CN=Other CA");
        File.Move(TestPki.WritePem(_dir, ca), Path.Combine(_dir, "ca.pem"));
        File.Move(TestPki.WritePem(_dir, other), Path.Combine(_dir, "other.pem"));

        var job = JobFileParser.Parse("""
            defaults: { ca_cert: ca.pem }
            targets:
              - { name: a, url: 'https://a.internal/' }
              - { name: b, url: 'https://b.internal/' }
              - { name: c, url: 'https://c.internal/', ca_cert: other.pem }
            """, Path.Combine(_dir, "job.yaml"));

        var (a, b, c) = (job.Targets[0].Connection, job.Targets[1].Connection, job.Targets[2].Connection);
        Assert.Same(a, b);
        Assert.Equal(ca.Thumbprint, Assert.Single(a.PrivateCa!.Certificates).Thumbprint);
        Assert.Equal(other.Thumbprint, Assert.Single(c.PrivateCa!.Certificates).Thumbprint);
        Assert.Equal(Path.Combine(_dir, "other.pem"), c.PrivateCa.Path);
        Assert.False(a.Insecure);
    }

    [Fact]
    public void Parse_NoCaCert_IsTheDefaultSettings()
    {
        var job = JobFileParser.Parse("targets: [ { name: a, url: 'https://a.example/' } ]", Path.Combine(_dir, "job.yaml"));

        Assert.Same(Gleaner.Fetching.ConnectionSettings.Default, Assert.Single(job.Targets).Connection);
    }

    [Fact]
    public void Parse_BadCaCerts_EachIsAnErrorAtItsValue()
    {
        File.WriteAllText(Path.Combine(_dir, "empty.pem"), "");
        var job = Path.Combine(_dir, "job.yaml");

        var e = Assert.Throws<JobFileException>(() => JobFileParser.Parse("""
            targets:
              - { name: a, url: 'https://a.example/', ca_cert: empty.pem }
              - { name: b, url: 'https://b.example/', ca_cert: empty.pem }
              - { name: c, url: 'https://c.example/', ca_cert: [x] }
              - { name: d, url: 'https://d.example/', insecure: true }
            """, job));

        var empty = Path.Combine(_dir, "empty.pem");
        Assert.Equal(
            [
                $"{job}:2:52: ca_cert: empty.pem ({empty}): the file holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)",
                $"{job}:3:52: ca_cert: empty.pem ({empty}): the file holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)",
                $"{job}:4:52: ca_cert: expected the path of a PEM file with the CA's certificate, such as certs/internal-ca.pem, not a list",
                $"{job}:5:43: insecure: certificate checks cannot be turned off in a job file; for a private CA set ca_cert: FILE (for a test, the --insecure flag turns them off for one command)",
            ],
            e.Errors.Select(error => error.ToString()));
    }
}
