using System.Net;
using System.Security.Claims;
using System.Text;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Security;

/// <summary>
/// The checked-in authorization matrix (docs/authorization-matrix.md: every endpoint and page × every role) against the
/// app's real endpoints. Each endpoint's policies are evaluated for a user holding exactly one role (and for an
/// anonymous visitor), and every page and API that takes no route values is also requested over HTTP as each demo
/// account. Adding an endpoint, or changing who may use one, fails here until the table says so too. To see the
/// table the app would produce, run with LHS_WRITE_AUTH_MATRIX=<path> and compare.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class AuthorizationMatrixTests(WebApps apps)
{
    private const string Anonymous = nameof(Anonymous);
    private static readonly string[] Columns = [.. Roles.All, Anonymous];

    [Fact]
    public async Task Every_endpoint_is_in_the_matrix_and_its_policies_allow_exactly_the_roles_it_lists()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var actual = await ActualAsync(app);
        WriteIfAsked(actual);
        var expected = Matrix.Read();

        var missing = actual.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).ToList();
        var stale = expected.Keys.Except(actual.Keys).Order(StringComparer.Ordinal).ToList();
        var different = actual.Keys.Intersect(expected.Keys)
            .SelectMany(key => Columns.Where(c => actual[key][c] != expected[key].Allowed[c])
                .Select(c => $"{key} for {c}: the app {(actual[key][c] ? "allows" : "forbids")}, the matrix says {(expected[key].Allowed[c] ? "allowed" : "forbidden")}"))
            .ToList();

        Assert.True(actual.Count > 40, "The app's endpoints should be enumerated.");
        Assert.True(missing.Count == 0, "Endpoints missing from docs/authorization-matrix.md:\n" + string.Join('\n', missing));
        Assert.True(stale.Count == 0, "Rows in docs/authorization-matrix.md with no endpoint:\n" + string.Join('\n', stale));
        Assert.True(different.Count == 0, string.Join('\n', different));
    }

    [Fact]
    public async Task Each_role_gets_what_the_matrix_says_from_every_page_and_api_without_route_values()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var matrix = Matrix.Read();
        var paths = matrix.Keys
            .Where(k => (k.StartsWith("GET ", StringComparison.Ordinal) || k.StartsWith("ANY ", StringComparison.Ordinal)) && !k.Contains('{', StringComparison.Ordinal))
            .ToList();
        var wrong = new List<string>();
        foreach (var role in Columns)
        {
            var client = role == Anonymous ? app.CreateBrowserLikeClient() : await app.SignedInAsync(role);
            foreach (var key in paths)
            {
                var path = key[4..];
                if (path.StartsWith("/account/sign-out", StringComparison.Ordinal))
                {
                    continue; // would end this client's session
                }

                using var response = await client.GetAsync(path);
                var denied = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/account/sign-in", StringComparison.Ordinal) == true);
                if (denied == matrix[key].Allowed[role])
                {
                    wrong.Add($"{key} as {role}: {(int)response.StatusCode} but the matrix says {(matrix[key].Allowed[role] ? "allowed" : "forbidden")}");
                }
            }
        }

        Assert.True(paths.Count > 20, "Pages without route values should be requested.");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private static async Task<SortedDictionary<string, Dictionary<string, bool>>> ActualAsync(LhsWebFactory app)
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var policies = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var authorization = app.Services.GetRequiredService<IAuthorizationService>();
        var result = new SortedDictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var key = Matrix.KeyOf(endpoint);
            var allowed = new Dictionary<string, bool>(StringComparer.Ordinal);
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()) ?? await policies.GetFallbackPolicyAsync();
            foreach (var column in Columns)
            {
                allowed[column] = anonymous || policy is null || (await authorization.AuthorizeAsync(PrincipalFor(column), null, policy)).Succeeded;
            }

            if (result.TryGetValue(key, out var existing))
            {
                // Two endpoints with one route and method (rare): a role is allowed only if both allow it.
                foreach (var column in Columns)
                {
                    existing[column] &= allowed[column];
                }
            }
            else
            {
                result[key] = allowed;
            }
        }

        return result;
    }

    private static ClaimsPrincipal PrincipalFor(string column) => column == Anonymous
        ? new ClaimsPrincipal(new ClaimsIdentity())
        : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "matrix-" + column), new Claim(ClaimTypes.Role, column)], "Identity.Application"));

    private static void WriteIfAsked(SortedDictionary<string, Dictionary<string, bool>> actual)
    {
        var path = Environment.GetEnvironmentVariable("LHS_WRITE_AUTH_MATRIX");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var existing = File.Exists(Matrix.Path) ? Matrix.Read() : [];
        var text = new StringBuilder();
        foreach (var (key, allowed) in actual)
        {
            var note = existing.TryGetValue(key, out var row) ? row.Note : "";
            text.Append("| `").Append(key).Append("` | ")
                .AppendJoin(" | ", Columns.Select(c => allowed[c] ? "yes" : "no"))
                .Append(" | ").Append(note).Append(" |\n");
        }

        File.WriteAllText(path, text.ToString());
    }

    internal sealed record Row(Dictionary<string, bool> Allowed, string Note);

    /// <summary>Reads the table rows of docs/authorization-matrix.md: <c>| `METHOD /route` | yes | no | … | note |</c>.</summary>
    internal static class Matrix
    {
        public static string Path { get; } = System.IO.Path.Combine(RepositoryRoot(), "docs", "authorization-matrix.md");

        public static Dictionary<string, Row> Read()
        {
            var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
            var lineNumber = 0;
            foreach (var line in File.ReadLines(Path))
            {
                lineNumber++;
                if (!line.StartsWith("| `", StringComparison.Ordinal))
                {
                    continue;
                }

                var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                if (cells.Length != Columns.Length + 2)
                {
                    throw new InvalidOperationException($"docs/authorization-matrix.md line {lineNumber}: expected {Columns.Length + 2} cells, found {cells.Length}.");
                }

                var allowed = new Dictionary<string, bool>(StringComparer.Ordinal);
                for (var i = 0; i < Columns.Length; i++)
                {
                    allowed[Columns[i]] = cells[i + 1] switch
                    {
                        "yes" => true,
                        "no" => false,
                        var other => throw new InvalidOperationException($"docs/authorization-matrix.md line {lineNumber}, column {Columns[i]}: '{other}' is not yes or no."),
                    };
                }

                var key = cells[0].Trim('`');
                if (!rows.TryAdd(key, new Row(allowed, cells[^1])))
                {
                    throw new InvalidOperationException($"docs/authorization-matrix.md line {lineNumber}: {key} is listed twice.");
                }
            }

            return rows;
        }

        public static string KeyOf(RouteEndpoint endpoint)
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            var method = methods is { Count: > 0 } ? string.Join(',', methods.Order(StringComparer.Ordinal)) : "ANY";
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            return $"{method} {route}";
        }

        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "LearningHealth.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The repository root (LearningHealth.slnx) was not found.");
        }
    }
}
