using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LearningHealth.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temporary folder, on a free loopback port), for tests that stop
/// or restart the server and so must not share CI's. Uses the Debian server binaries in /usr/lib/postgresql/*/bin; as
/// root (in CI) the cluster belongs to the unprivileged <c>postgres</c> user, since initdb refuses to run as root.
/// </summary>
public sealed class TemporaryPostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string root;
    private readonly string data;

    private TemporaryPostgres(string bin, string root, int port)
    {
        this.bin = bin;
        this.root = root;
        data = Path.Combine(root, "data");
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=lhs;Database={database};Timeout=5";

    /// <summary>Starts a new cluster; skips the test when no PostgreSQL server binaries are installed (fails in CI).</summary>
    public static async Task<TemporaryPostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null && Environment.GetEnvironmentVariable("LHS_REQUIRE_POSTGRES") == "1")
        {
            throw new InvalidOperationException("LHS_REQUIRE_POSTGRES=1 but no PostgreSQL server binaries are in /usr/lib/postgresql/*/bin.");
        }

        Skip.If(bin is null, "This test runs a PostgreSQL server of its own and needs the server binaries (apt-get install postgresql).");
        var root = Directory.CreateTempSubdirectory("lhs-pg-").FullName;
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", root);
        }

        var server = new TemporaryPostgres(bin!, root, FreePort());
        await server.PgAsync("initdb", "-D", server.data, "-U", "lhs", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8");
        await server.PgAsync("pg_ctl", "-D", server.data, "-l", Path.Combine(root, "server.log"), "-w", "-o",
            $"-c listen_addresses=127.0.0.1 -c port={server.Port} -c unix_socket_directories={root} -c fsync=off", "start");
        return server;
    }

    /// <summary>A fast restart: every connection is cut, as when the server is patched or fails over.</summary>
    public Task RestartAsync() => PgAsync("pg_ctl", "-D", data, "-m", "fast", "-w", "restart");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // temporary
            }
        }
    }

    private Task PgAsync(string tool, params string[] args) => Environment.UserName == "root"
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. args])
        : RunAsync(Path.Combine(bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
