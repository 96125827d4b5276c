using System.Diagnostics;

namespace LearningHealth.Hosting;

/// <summary>Whether a process still runs: files named with a process id are leftovers once it has ended.</summary>
internal static class Processes
{
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
