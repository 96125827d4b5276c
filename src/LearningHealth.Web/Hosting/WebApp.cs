using LearningHealth.Demo;
using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Security;
using LearningHealth.Web.Api;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace LearningHealth.Web.Hosting;

/// <summary>
/// Builds the LearningHealth web host. The <c>lhs serve</c> command and the tests build it the same way.
/// Arguments are ASP.NET Core's (<c>--urls</c>, <c>--DataDir</c>, ...) plus the friendlier <c>--demo</c>,
/// <c>--data-dir</c> and <c>--db</c>.
/// </summary>
public static class WebApp
{
    public const string DemoKey = "Demo";

    /// <summary>The largest request body accepted by default (25 MB; <c>Security:MaxRequestBytes</c>).</summary>
    public const long MaxRequestBytes = 25 * 1024 * 1024;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = NormaliseArguments(args),
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
        });

        // The embedded defaults ship beside the assembly, so the app starts the same from any working folder.
        // They go first so that appsettings in the working folder, LHS_ variables and the command line all override them.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            FileProvider = null,
        });
        var commandLine = builder.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationSource>().ToList();
        builder.Configuration.AddEnvironmentVariables("LHS_");
        foreach (var source in commandLine)
        {
            // Re-add so the command line still wins over LHS_ variables.
            builder.Configuration.Sources.Remove(source);
            builder.Configuration.Sources.Add(source);
        }
        configure?.Invoke(builder);

        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders().AddJsonConsole();
        }

        var services = builder.Services;
        services.AddLearningHealth(builder.Configuration);
        services.AddSingleton<DemoCredentials>();
        services.AddHostedService<DatabaseStartup>();
        services.AddSingleton<FeedbackScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<FeedbackScheduler>());

        // Every request body is capped, uploads included; pages that take files set their own limit within it.
        var maxRequestBytes = builder.Configuration.GetValue<long?>("Security:MaxRequestBytes") ?? MaxRequestBytes;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxRequestBytes);
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(form => form.MultipartBodyLengthLimit = maxRequestBytes);

        var dataDir = DatabaseOptions.From(builder.Configuration).DataDirectory;
        services.AddDataProtection()
            .SetApplicationName("LearningHealth")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDir, "keys")));

        AddSignIn(builder);
        SignInRateLimit.Register(services);
        services.AddAuthorization(Policies.Register);

        // Adding a person or organisation uses its edit page with no record yet; a page has one @page route, so the second is added here.
        services.AddRazorPages(o =>
        {
            o.Conventions.AddPageRoute("/Team/People/Edit", "/team/people/new");
            o.Conventions.AddPageRoute("/Team/Organisations/Edit", "/team/organisations/new");
        });
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        services.AddAntiforgery(o => o.Cookie.Name = "lhs.antiforgery");
        services.AddOpenApi(o => o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", HealthStatus.Unhealthy);
        services.AddProblemDetails();
        // Enums travel as their names, so API clients read "Clinician", not 1.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static void AddSignIn(WebApplicationBuilder builder)
    {
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "lhs.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/account/sign-in";
            cookie.LogoutPath = "/account/sign-out";
            cookie.AccessDeniedPath = "/error/403";
            cookie.Events = new CookieAuthenticationEvents
            {
                // The JSON API answers 401/403; pages go to the sign-in page, or show the forbidden page at the same address.
                OnRedirectToLogin = context => IsApi(context.Request)
                    ? WriteStatus(context.Response, StatusCodes.Status401Unauthorized)
                    : Redirect(context),
                OnRedirectToAccessDenied = context => WriteStatus(context.Response, StatusCodes.Status403Forbidden),
            };
        });

        var oidc = builder.Configuration.GetSection("Authentication:Oidc");
        if (!string.IsNullOrWhiteSpace(oidc["Authority"]) && !string.IsNullOrWhiteSpace(oidc["ClientId"]))
        {
            builder.Services.AddAuthentication().AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, oidc["DisplayName"], options =>
            {
                options.SignInScheme = IdentityConstants.ExternalScheme;
                options.Authority = oidc["Authority"];
                options.ClientId = oidc["ClientId"];
                options.ClientSecret = oidc["ClientSecret"];
                options.ResponseType = "code";
                options.UsePkce = true;
                options.CallbackPath = "/signin-oidc";
                options.Scope.Add("email");
                options.GetClaimsFromUserInfoEndpoint = true;
            });
        }
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    private static Task WriteStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static void Configure(WebApplication app)
    {
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")),
        });
        app.UseRouting();
        app.UseMiddleware<RequestSizeGuard>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapRazorPages();
        app.MapTeamApi();
        app.MapMeApi();
        app.MapInitiativesApi();
        app.MapCompositionApi();
        app.MapSkillsApi();
        app.MapDataUseApi();
        app.MapNotificationsApi();
        app.MapPracticeApi();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOpenApi().RequireAuthorization(Policies.SignedIn);
        app.MapScalarApiReference("/api-reference", o => o.WithTitle("LearningHealth API")).RequireAuthorization(Policies.SignedIn);
    }

    /// <summary>Accepts <c>--demo</c> on its own and the kebab-case <c>--data-dir</c>, which ASP.NET Core's parser would not.</summary>
    internal static string[] NormaliseArguments(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--demo")
            {
                result.Add($"--{DemoKey}=true");
            }
            else if (arg == "--data-dir")
            {
                result.Add($"--{DatabaseOptions.DataDirKey}");
            }
            else if (arg.StartsWith("--data-dir=", StringComparison.Ordinal))
            {
                result.Add($"--{DatabaseOptions.DataDirKey}={arg["--data-dir=".Length..]}");
            }
            else
            {
                result.Add(arg);
            }
        }

        return result.ToArray();
    }
}
