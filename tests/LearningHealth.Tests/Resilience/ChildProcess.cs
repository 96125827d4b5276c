using System.Diagnostics;
using System.Text;

namespace LearningHealth.Tests.Resilience;

/// <summary>
/// Runs the real <c>lhs</c> command (built beside the tests) as a child process, so a test can kill it with SIGKILL
/// part-way through, as a power cut or the out-of-memory killer would, and then run it again.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    private ChildProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string Lhs => Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "lhs.exe" : "lhs");

    public string Output { get { lock (output) { return output.ToString(); } } }

    public string Error { get { lock (error) { return error.ToString(); } } }

    public bool HasExited => process.HasExited;

    public static ChildProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(Lhs) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException("lhs did not start"));
    }

    /// <summary>Runs to the end and returns the exit code; fails the test if it takes longer than the timeout.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var child = Start(args);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await child.process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            child.KillHard();
            throw new TimeoutException($"lhs {string.Join(' ', args)} did not finish in {timeout}. Output: {child.Output} Error: {child.Error}");
        }

        child.process.WaitForExit(); // drains the redirected output
        return (child.process.ExitCode, child.Output, child.Error);
    }

    /// <summary>Waits until the output contains the text (or the process ends); true when it appeared.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            if (process.HasExited)
            {
                process.WaitForExit();
                return Output.Contains(text, StringComparison.Ordinal);
            }

            await Task.Delay(10);
        }

        return false;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed, as if the power went.</summary>
    public void KillHard()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
    }

    public void Dispose()
    {
        KillHard();
        process.Dispose();
    }
}
