using System.CommandLine;
using Gleaner.Cluster.Host.Hosting;

namespace Gleaner.Cluster.Host.Commands;

/// <summary>
/// <c>gleaner-cluster schema</c>: prints the SQL that makes a PostgreSQL database ready for <c>--postgres</c>, for a
/// database owner to run once (<c>gleaner-cluster schema | psql -d gleaner</c>) when the silos' user may not create
/// tables. A silo whose user may runs it itself.
/// </summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var command = new Command("schema", "Print the SQL that creates the tables --postgres needs (run once by the database's owner).");
        command.SetAction(_ =>
        {
            foreach (var script in PostgresSchema.Scripts())
            {
                Console.Out.Write(script);
                Console.Out.WriteLine();
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
