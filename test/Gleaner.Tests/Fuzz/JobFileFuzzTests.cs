using System.Text;
using Gleaner.Jobs;

namespace Gleaner.Tests.Fuzz;

/// <summary>
/// Job files, generated from the schema, mutated from the documentation's and the tests' job files, and as
/// corrupted bytes: every one ends as a job or as located errors, quickly, and never as another exception.
/// </summary>
public class JobFileFuzzTests
{
    private const string FileName = "fuzz.yaml";

    [Fact]
    public void Parse_GeneratedAndMutatedJobFiles_GiveAJobOrLocatedErrors() =>
        FuzzAssert.Holds(
            "job file",
            casesInCi: 600,
            FuzzInputs.Mixed(JobFileGenerator.JobFile, FuzzCorpus.JobFiles.Value, JobFileGenerator.Tokens, noiseLength: 400),
            Parse);

    [Fact]
    public void Load_CorruptedBytes_GiveAJobOrLocatedErrors()
    {
        var dir = Directory.CreateTempSubdirectory("gleaner-fuzz-").FullName;
        try
        {
            var path = Path.Combine(dir, FileName);
            FuzzAssert.Holds("job file bytes", casesInCi: 100, CorruptedBytes, bytes => Load(path, bytes));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Verdict Parse(string yaml)
    {
        try
        {
            JobFileParser.Parse(yaml, FileName);
            return Verdict.Accept;
        }
        catch (JobFileException e)
        {
            // YamlDotNet places an error at the end of the input on the line after the last one.
            return LocatedErrors.Check(e, FileName, yaml, LocatedErrors.Lines(yaml, yaml: true) + 1);
        }
    }

    // The input holds one byte per character (Latin-1), so shrinking works on bytes.
    private static Verdict Load(string path, string bytes)
    {
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(bytes));
        try
        {
            JobFileParser.Load(path);
            return Verdict.Accept;
        }
        catch (JobFileException e)
        {
            var text = Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(bytes));
            return LocatedErrors.Check(e, path, text, LocatedErrors.Lines(text, yaml: true) + 1);
        }
    }

    private static readonly byte[][] BadBytes =
    [
        [0xFF], [0xFE, 0xFF], [0xFF, 0xFE], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xEF, 0xBB, 0xBF], [0x80], [0x00], [0xF0, 0x9F, 0x98],
    ];

    private static string CorruptedBytes(Random random)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(JobFileGenerator.JobFile(random)));
        var count = random.Next(4);
        for (var i = 0; i < count; i++)
        {
            var at = random.Next(bytes.Count + 1);
            if (random.Next(2) == 0)
            {
                bytes.InsertRange(at, BadBytes[random.Next(BadBytes.Length)]);
            }
            else if (at < bytes.Count)
            {
                bytes[at] = (byte)random.Next(256);
            }
        }

        return Encoding.Latin1.GetString([.. bytes]);
    }
}
