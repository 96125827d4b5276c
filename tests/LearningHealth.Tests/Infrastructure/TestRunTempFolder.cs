using System.Globalization;
using LearningHealth.Hosting;
using System.Runtime.CompilerServices;

namespace LearningHealth.Tests.Infrastructure;

/// <summary>
/// Every temporary file of a test run goes under one folder for the run: the tests' own data folders, the app's
/// temporary files and those of the <c>lhs</c> processes the tests start (they inherit <c>TMPDIR</c>). The folder is
/// removed when the run ends, and the next run removes the folders of runs that were killed, so test runs never
/// fill the disk with what a test or a killed process left behind.
/// </summary>
internal static class TestRunTempFolder
{
    private const string Prefix = "lhs-test-run-";

    public static string Root { get; private set; } = "";

    [ModuleInitializer]
    internal static void Redirect()
    {
        var parent = Path.GetTempPath();
        RemoveFoldersOfEndedRuns(parent);
        Root = Path.Combine(parent, Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Root);
        // Others may enter (not list or write): the PostgreSQL server some tests start runs as the postgres user.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        Environment.SetEnvironmentVariable("TMPDIR", Root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(Root);
    }

    /// <summary>Removes the folders of earlier runs whose process has ended; returns how many it removed.</summary>
    internal static int RemoveFoldersOfEndedRuns(string parent)
    {
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(parent, Prefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(folder).AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && !Processes.IsRunning(pid) && TryDelete(folder))
            {
                removed++;
            }
        }

        return removed;
    }

    private static bool TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process still writing there (or a file the postgres user owns): the next run tries again.
            return false;
        }
    }
}
