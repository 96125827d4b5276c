using System.Diagnostics;
using System.Globalization;

namespace LearningHealth.Tests.Infrastructure;

public sealed class TestRunTempFolderTests
{
    [Fact]
    public void Temporary_files_of_the_tests_and_of_the_processes_they_start_go_under_the_runs_folder()
    {
        Assert.StartsWith(TestRunTempFolder.Root, Path.GetTempPath(), StringComparison.Ordinal);

        using var child = Process.Start(new ProcessStartInfo("sh", ["-c", "printf %s \"$TMPDIR\""]) { RedirectStandardOutput = true })!;
        var seen = child.StandardOutput.ReadToEnd();
        child.WaitForExit();

        Assert.Equal(TestRunTempFolder.Root, seen);
    }

    [Fact]
    public void The_folders_of_runs_that_ended_are_removed_and_those_of_running_ones_kept()
    {
        var parent = Directory.CreateTempSubdirectory("runs-").FullName;
        using var ended = Process.Start("true")!;
        ended.WaitForExit();
        var endedRun = Directory.CreateDirectory(Path.Combine(parent, "lhs-test-run-" + ended.Id.ToString(CultureInfo.InvariantCulture))).FullName;
        File.WriteAllText(Path.Combine(endedRun, "left-behind.db"), "x");
        var runningRun = Directory.CreateDirectory(Path.Combine(parent, "lhs-test-run-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture))).FullName;
        var other = Directory.CreateDirectory(Path.Combine(parent, "lhs-test-run-notapid")).FullName;

        var removed = TestRunTempFolder.RemoveFoldersOfEndedRuns(parent);

        Assert.Equal(1, removed);
        Assert.False(Directory.Exists(endedRun));
        Assert.True(Directory.Exists(runningRun));
        Assert.True(Directory.Exists(other));
    }
}
