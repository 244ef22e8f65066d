using System.Globalization;

namespace Gleaner.Benchmarks.Dashboard;

/// <summary>
/// CPU time (user + system) from /proc (Linux): of this process, which is the dashboard's server and the sample
/// feed, and of the processes started under it (Playwright's driver and Chromium's browser, GPU and renderer
/// processes). A process that has ended by the second reading drops out of the sum, so read both ends while the
/// browser is open.
/// </summary>
internal static class ProcessCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Self() => Read(Environment.ProcessId)?.Cpu ?? TimeSpan.Zero;

    /// <summary>CPU of every process below this one, by command name (e.g. chrome, node).</summary>
    public static Dictionary<string, TimeSpan> Descendants()
    {
        var all = new List<(int Pid, int Parent, string Name, TimeSpan Cpu)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Read(pid) is { } stat)
            {
                all.Add((pid, stat.Parent, stat.Name, stat.Cpu));
            }
        }

        var below = new HashSet<int> { Environment.ProcessId };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var p in all)
            {
                if (below.Contains(p.Parent) && below.Add(p.Pid))
                {
                    grew = true;
                }
            }
        }

        var byName = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var p in all.Where(p => p.Pid != Environment.ProcessId && below.Contains(p.Pid)))
        {
            byName[p.Name] = byName.GetValueOrDefault(p.Name) + p.Cpu;
        }

        return byName;
    }

    private static (int Parent, string Name, TimeSpan Cpu)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // pid (comm) state ppid ... utime stime: comm may hold spaces and parentheses, so split after the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        var fields = text[(close + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), text[(open + 1)..close], TimeSpan.FromSeconds(ticks / TicksPerSecond));
    }
}
