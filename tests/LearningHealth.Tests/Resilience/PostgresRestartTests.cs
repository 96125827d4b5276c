using System.Collections.Concurrent;
using System.Net;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Resilience;

/// <summary>PostgreSQL restarted while the app is under load: the app recovers by itself, and meanwhile fails plainly.</summary>
public sealed class PostgresRestartTests
{
    [SkippableFact]
    public async Task The_app_serves_again_after_postgresql_restarts_under_load_without_being_restarted_itself()
    {
        await using var server = await TemporaryPostgres.StartAsync();
        var database = TestDatabase.OnServer(server.ConnectionString("lhs_restart"));
        await using var app = new LhsWebFactory(database);
        var clients = new List<HttpClient>();
        for (var i = 0; i < 4; i++)
        {
            clients.Add(await app.SignedInAsync(Roles.Clinician));
        }

        var statuses = new ConcurrentQueue<(DateTime At, HttpStatusCode Status)>();
        using var stop = new CancellationTokenSource();
        var load = clients.Select(client => Task.Run(async () =>
        {
            var paths = new[] { "/api/people", "/team/people", "/api/me" };
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var response = await client.GetAsync(paths[i % paths.Length]);
                    statuses.Enqueue((DateTime.UtcNow, response.StatusCode));
                }
                catch (HttpRequestException)
                {
                    statuses.Enqueue((DateTime.UtcNow, 0));
                }

                await Task.Delay(20);
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        await server.RestartAsync();
        var restarted = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(6));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var all = statuses.ToList();
        Assert.Contains(all, s => s.At < restarted && s.Status == HttpStatusCode.OK);
        // While the server was away, requests fail plainly (503 from the database-unavailable page), never with a crash.
        Assert.All(all, s => Assert.True(s.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"HTTP {(int)s.Status} at {s.At:O}"));
        // Within a few seconds of the restart every request succeeds again, on the same app.
        var settled = all.Where(s => s.At > restarted.AddSeconds(3)).ToList();
        Assert.NotEmpty(settled);
        Assert.All(settled, s => Assert.Equal(HttpStatusCode.OK, s.Status));
    }
}
