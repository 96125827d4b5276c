using System.Net;
using System.Text.RegularExpressions;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Security;

/// <summary>
/// Cross-site request forgery: every page's form posts must carry the anti-forgery token. A signed-in Admin (whom
/// every page's policy admits) posts to every page without one and must be refused with 400 before any handler runs.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class AntiforgeryTests(WebApps apps)
{
    [Fact]
    public async Task Every_page_refuses_a_post_without_the_anti_forgery_token()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var admin = await app.SignedInAsync(Roles.Admin);
        var pages = AuthorizationMatrixTests.Matrix.Read()
            .Where(r => r.Key.StartsWith("ANY /", StringComparison.Ordinal) && r.Value.Allowed[Roles.Admin])
            .Select(r => RouteValue().Replace(r.Key[4..], m => m.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.Empty.ToString() : m.Value.Contains(":int", StringComparison.Ordinal) ? "500" : "x"))
            // The error page re-renders whatever status it is given and changes nothing.
            .Where(path => !path.StartsWith("/health", StringComparison.Ordinal) && !path.StartsWith("/error/", StringComparison.Ordinal))
            .ToList();

        var accepted = new List<string>();
        foreach (var path in pages)
        {
            using var response = await admin.PostAsync(path, new FormUrlEncodedContent([new("Name", "forged")]));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                accepted.Add($"{path}: {(int)response.StatusCode}");
            }
        }

        Assert.True(pages.Count > 40, "Every page should be tried.");
        Assert.True(accepted.Count == 0, "Posts without a token not refused:\n" + string.Join('\n', accepted));
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
