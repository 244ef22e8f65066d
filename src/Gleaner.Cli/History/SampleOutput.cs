using System.Text;
using Gleaner.Watching;

namespace Gleaner.Cli.History;

/// <summary>Prints samples one line each in a <see cref="SampleFormat"/>, handing the writer large blocks rather than lines.</summary>
internal static class SampleOutput
{
    private const int Block = 64 * 1024;

    /// <summary>Writes the header (CSV, table) and a line per sample; returns the samples written.</summary>
    public static async Task<long> WriteAsync(
        IAsyncEnumerable<Sample> samples, SampleFormat format, TextWriter output, CancellationToken cancellationToken)
    {
        using var json = new SampleJson();
        var text = new StringBuilder(Block + 1024);
        text.Append(format switch
        {
            SampleFormat.Csv => SampleCsv.Header,
            SampleFormat.Table => SampleTable.Header,
            _ => "",
        });
        long count = 0;
        await foreach (var sample in samples.WithCancellation(cancellationToken))
        {
            switch (format)
            {
                case SampleFormat.Csv:
                    SampleCsv.Append(text, sample);
                    break;
                case SampleFormat.Table:
                    SampleTable.Append(text, sample);
                    break;
                default:
                    json.Append(text, sample);
                    break;
            }

            count++;
            if (text.Length >= Block)
            {
                await output.WriteAsync(text, cancellationToken);
                text.Clear();
            }
        }

        await output.WriteAsync(text, cancellationToken);
        await output.FlushAsync(cancellationToken);
        return count;
    }
}
