using System.Net;
using System.Text.RegularExpressions;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Foundation;

[Collection(WebCollection.Name)]
public sealed partial class AdminUsersPageTests(WebApps apps)
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_adds_a_user_in_the_ui_and_that_person_can_sign_in_with_the_password_shown_once(string provider)
    {
        var app = await apps.ForAsync(provider);
        var admin = await app.SignedInAsync(Roles.Admin);
        var email = $"new-{Guid.NewGuid():N}@test.example";
        var token = await LhsWebFactory.AntiforgeryTokenAsync(admin, "/admin/users/new");

        var response = await admin.PostAsync("/admin/users/new", new FormUrlEncodedContent(
        [
            new("DisplayName", "Nadia Newcomer"),
            new("Email", email),
            new("SelectedRoles", Roles.Analyst),
            new("SelectedRoles", Roles.Member),
            new("__RequestVerificationToken", token),
        ]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var password = PasswordPattern().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.NotEmpty(password);
        var listing = await admin.GetStringAsync("/admin/users");
        Assert.Contains(email, listing, StringComparison.Ordinal);

        var newcomer = app.CreateBrowserLikeClient();
        var signIn = await LhsWebFactory.SignInAsync(newcomer, email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("Information analyst", await newcomer.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_a_user_with_an_e_mail_already_in_use_is_refused_with_a_message()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var admin = await app.SignedInAsync(Roles.Admin);
        var token = await LhsWebFactory.AntiforgeryTokenAsync(admin, "/admin/users/new");

        var response = await admin.PostAsync("/admin/users/new", new FormUrlEncodedContent(
        [
            new("DisplayName", "Duplicate"),
            new("Email", app.Demo.For(Roles.Lead).Email),
            new("SelectedRoles", Roles.Member),
            new("__RequestVerificationToken", token),
        ]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("already exists", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("data-testid=\"new-password\">([^<]+)<")]
    private static partial Regex PasswordPattern();
}
