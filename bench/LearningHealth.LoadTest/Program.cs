using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LearningHealth.Identity;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using LearningHealth.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Load test: the real app on Kestrel (loopback, a fresh SQLite data folder with the demo organisation and its routine
// data), N signed-in clinicians each looping over My practice, a skills matrix page and two JSON API calls for a fixed
// time. Prints requests per second and latency percentiles per request kind. See docs/benchmarks.md.
//   dotnet run -c Release --project bench/LearningHealth.LoadTest -- [users=50] [seconds=60] [warmup=10] [think-ms=0]
// With think-ms 0 each user sends its next request as soon as the last answers (the server's saturation point); a
// think time between requests, as people reading pages have, gives the latency at that offered load.
var users = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
var warmup = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
var think = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
var dataDir = Directory.CreateTempSubdirectory("lhs-load-").FullName;
const string Password = "Load-test-password-1";

var app = WebApp.Build(["--urls=http://127.0.0.1:0", $"--DataDir={dataDir}", "--demo", "--Logging:LogLevel:Default=Warning",
    "--Security:SignInPermitsPerMinute=100000"]);
await app.StartAsync();
var baseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

// Accounts: one per simulated user, each linked to one of the demo's clinicians so My practice has their feedback.
Guid initiativeId;
using (var scope = app.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    var userManager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
    var clinicians = await db.People.Where(p => p.Discipline == DisciplineGroup.Clinician).OrderBy(p => p.FamilyName).Select(p => p.Id).ToListAsync();
    initiativeId = await db.Initiatives.OrderBy(i => i.Title).Select(i => i.Id).FirstAsync();
    for (var i = 0; i < users; i++)
    {
        var email = $"load{i}@northfield.example";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Load {i}", PersonId = clinicians[i % clinicians.Count] };
        Check(await userManager.CreateAsync(user, Password));
        Check(await userManager.AddToRoleAsync(user, Roles.Clinician));
    }
}

string[] paths = ["/learning-cycle/practice", $"/skills/initiatives/{initiativeId}", "/api/people", "/api/me/practice"];
var clients = new List<HttpClient>();
for (var i = 0; i < users; i++)
{
    clients.Add(await SignInAsync(baseUrl, $"load{i}@northfield.example"));
}

Console.WriteLine($"{users} users signed in at {baseUrl}; think time {think} ms; warm-up {warmup} s, then {seconds} s measured.");
var samples = paths.ToDictionary(p => p, _ => new List<double>());
var errors = new Dictionary<string, int>();
var measuring = false;
using var stop = new CancellationTokenSource();
var workers = clients.Select((client, index) => Task.Run(async () =>
{
    var local = paths.ToDictionary(p => p, _ => new List<double>());
    var step = index; // users start at different pages
    while (!stop.IsCancellationRequested)
    {
        var path = paths[step++ % paths.Length];
        var watch = Stopwatch.StartNew();
        string? error = null;
        try
        {
            using var response = await client.GetAsync(path, stop.Token);
            await response.Content.ReadAsByteArrayAsync(stop.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                error = $"{path}: HTTP {(int)response.StatusCode}";
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            break;
        }
        catch (HttpRequestException e)
        {
            error = $"{path}: {e.Message}";
        }

        var measured = Volatile.Read(ref measuring);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (think > 0)
        {
            // Users do not click in step: a think time of 0.5 to 1.5 times the mean.
            await Task.Delay(TimeSpan.FromMilliseconds(think * (0.5 + Random.Shared.NextDouble())), CancellationToken.None);
        }

        if (!measured)
        {
            continue;
        }

        if (error is null)
        {
            local[path].Add(elapsed);
        }
        else
        {
            lock (errors)
            {
                errors[error] = errors.GetValueOrDefault(error) + 1;
            }
        }
    }

    lock (samples)
    {
        foreach (var (path, values) in local)
        {
            samples[path].AddRange(values);
        }
    }
})).ToList();

await Task.Delay(TimeSpan.FromSeconds(warmup));
Volatile.Write(ref measuring, true);
var measured = Stopwatch.StartNew();
await Task.Delay(TimeSpan.FromSeconds(seconds));
Volatile.Write(ref measuring, false);
measured.Stop();
await stop.CancelAsync();
await Task.WhenAll(workers);

Console.WriteLine($"{"request",-45} {"count",7} {"req/s",7} {"p50 ms",7} {"p95 ms",7} {"p99 ms",7}");
foreach (var (path, values) in samples.Append(new("all", samples.Values.SelectMany(v => v).ToList())))
{
    values.Sort();
    Console.WriteLine($"{(path.StartsWith("/skills/initiatives/", StringComparison.Ordinal) ? "/skills/initiatives/{id} (skills matrix)" : path),-45} {values.Count,7} {values.Count / measured.Elapsed.TotalSeconds,7:F1} {Percentile(values, 0.50),7:F0} {Percentile(values, 0.95),7:F0} {Percentile(values, 0.99),7:F0}");
}

Console.WriteLine(errors.Count == 0 ? "errors: none" : "errors:\n" + string.Join('\n', errors.Select(e => $"  {e.Value} × {e.Key}")));
foreach (var client in clients)
{
    client.Dispose();
}

await app.StopAsync();
await app.DisposeAsync();
try
{
    Directory.Delete(dataDir, recursive: true);
}
catch (IOException)
{
    // a temporary folder; nothing to lose
}

return errors.Count == 0 ? 0 : 1;

static double Percentile(List<double> sorted, double p) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static void Check(IdentityResult result)
{
    if (!result.Succeeded)
    {
        throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

static async Task<HttpClient> SignInAsync(string baseUrl, string email)
{
    var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromSeconds(30),
    };
    var html = await client.GetStringAsync("/account/sign-in");
    var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
    using var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["Email"] = email,
        ["Password"] = Password,
        ["__RequestVerificationToken"] = token,
    }));
    if (response.StatusCode != HttpStatusCode.Redirect)
    {
        throw new InvalidOperationException($"Sign-in as {email} failed: HTTP {(int)response.StatusCode}.");
    }

    return client;
}
