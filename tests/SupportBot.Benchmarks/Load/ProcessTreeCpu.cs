using System.Globalization;

namespace SupportBot.Benchmarks.Load;

/// Processor time of processes and all their descendants, read from /proc (Linux): PostgreSQL serves each
/// connection in a child process of its own. A child that exits during a window takes its time with it; the
/// hosts' connection pools keep theirs open under load.
internal static class ProcessTreeCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on every Linux the project runs on

    public static TimeSpan Read(IEnumerable<int> roots)
    {
        var all = Snapshot();
        var wanted = new HashSet<int>(roots);
        var total = 0.0;
        // Parents come before their children in no particular order: repeat until no process joins.
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, (parent, _)) in all)
            {
                if (!wanted.Contains(pid) && wanted.Contains(parent))
                {
                    wanted.Add(pid);
                    grew = true;
                }
            }
        }
        while (grew);
        foreach (var pid in wanted)
        {
            if (all.TryGetValue(pid, out var entry))
            {
                total += entry.Ticks;
            }
        }
        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }

    private static Dictionary<int, (int Parent, long Ticks)> Snapshot()
    {
        var result = new Dictionary<int, (int, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name is in parentheses and may hold spaces: fields are counted after its closing one.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                result[pid] = (parent, ticks);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while being read.
            }
        }
        return result;
    }
}
