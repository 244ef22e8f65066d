using System.CommandLine;
using System.Text.RegularExpressions;
using Gleaner.Cluster.Host.Hosting;
using Gleaner.Cluster.Watching;

namespace Gleaner.Cluster.Host.Commands;

/// <summary>
/// <c>gleaner-cluster schema</c>: prints the SQL that makes a PostgreSQL database ready for <c>--postgres</c>, for a
/// database owner to run once (<c>gleaner-cluster schema --grant-to crawler | psql -d gleaner</c>) when the silos'
/// user may not create tables; with <c>--store</c>, the SQL of the watch store the silos' <c>--store</c> names. A silo
/// whose user may runs it itself.
/// </summary>
internal static partial class SchemaCommand
{
    public static Command Create()
    {
        var grantTo = new Option<string?>("--grant-to")
        {
            Description = "Also let this PostgreSQL user read and write the tables (the user the silos connect as)",
            HelpName = "USER",
        };
        var store = new Option<bool>("--store")
        {
            Description = "Print instead the SQL that creates the tables of a PostgreSQL watch store (the silos' --store)",
        };
        var command = new Command("schema", "Print the SQL that creates the tables --postgres needs (for the database's owner to run once).") { grantTo, store };
        command.SetAction(parsed =>
        {
            var user = parsed.GetValue(grantTo);
            if (user is not null && !RoleName().IsMatch(user))
            {
                return Usage.Report([$"--grant-to {user}: expected a user name of letters, digits, '_', '-' or '.'"], "Nothing was printed.");
            }

            if (parsed.GetValue(store))
            {
                Console.Out.Write(WatchStorage.PostgresSchemaSql(user));
                return ExitCodes.Ok;
            }

            foreach (var script in PostgresSchema.Scripts())
            {
                Console.Out.Write(script);
                Console.Out.WriteLine();
            }

            if (user is not null)
            {
                // Quoted: Npgsql's Username is the role's exact name, capitals included.
                Console.Out.WriteLine($"GRANT SELECT, INSERT, UPDATE, DELETE ON {string.Join(", ", PostgresSchema.Tables)} TO \"{user}\";");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,63}$")]
    private static partial Regex RoleName();
}
