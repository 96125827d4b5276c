using LearningHealth.Composition;
using LearningHealth.Dashboard;
using LearningHealth.Demo;
using LearningHealth.Identity;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using LearningHealth.Skills;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LearningHealth.Hosting;

/// <summary>Registers everything the web app and the <c>lhs</c> command share: database, identity and feature handlers.</summary>
public static class LearningHealthServices
{
    public const string SqliteMigrationsAssembly = "LearningHealth.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "LearningHealth.Migrations.Postgres";

    public static IServiceCollection AddLearningHealth(this IServiceCollection services, IConfiguration configuration)
    {
        // Options are read when first needed, not now, so hosts and tests can still change configuration after registration.
        services.AddSingleton(_ => DatabaseOptions.From(configuration));
        services.AddDbContext<AppDbContext>((sp, options) => ConfigureDatabase(options, sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new Fhir.AnalyticsCatalog(sp.GetRequiredService<DatabaseOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new Indicators.IndicatorCatalog(sp.GetRequiredService<DatabaseOptions>()));

        services.AddIdentity<AppUser, IdentityRole>(ConfigureIdentity)
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();

        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<Audit.AuditLog>();
        services.AddScoped<Audit.SearchAuditLog>();
        services.AddScoped<Backup.BackupDatabase>();
        services.AddScoped<Backup.RestoreDatabase>();
        services.AddScoped<SeedDemoOrganisation>();
        services.AddScoped<SeedDemoRoutineData>();
        services.AddScoped<Feedback.PractitionerLinks>();
        services.AddScoped<Feedback.ExportTeamMembership>();
        services.AddScoped<Feedback.RefreshIndicators>();
        services.AddSingleton<Indicators.ComputeIndicatorsInBackground>();
        services.AddScoped<Feedback.DataLineage>();
        services.AddScoped<Feedback.ManageDataUseRegister>();
        services.AddScoped<Feedback.GetDataUseMap>();
        services.AddScoped<Feedback.SetEvaluation>();
        services.AddScoped<Feedback.EvaluateInitiative>();
        services.AddScoped<Feedback.PostResearchFinding>();
        services.AddScoped<SeedDemoDataUse>();
        services.AddScoped<Feedback.RespondToFeedback>();
        services.AddScoped<Feedback.QuestionTheData>();
        services.AddScoped<Feedback.AnswerDataQuestion>();
        services.AddScoped<Feedback.ListDataQuestions>();
        services.AddScoped<Feedback.PlanAction>();
        services.AddScoped<Feedback.SuggestActions>();
        services.AddScoped<Feedback.UpdateActionStatus>();
        services.AddScoped<Feedback.ActionEffect>();
        services.AddScoped<Feedback.GetFeedbackHistory>();
        services.AddScoped<Feedback.ActionsForGoals>();
        services.AddSingleton(_ => Feedback.SmtpOptions.Read(configuration));
        services.AddSingleton(_ => Feedback.FeedbackOptions.From(configuration));
        services.AddScoped<Feedback.FeedbackMailer>();
        services.AddScoped<Feedback.RecordDefinitionChanges>();
        services.AddScoped<Feedback.PublishFeedbackCycle>();
        services.AddScoped<Feedback.Notifications>();
        services.AddScoped<Feedback.FeedbackCycles>();
        services.AddScoped<Feedback.DefinitionChangeFeed>();
        services.AddScoped<SeedDemoDefinitionHistory>();
        services.AddScoped<Feedback.GetMyPractice>();
        services.AddScoped<Feedback.GetPatientList>();
        services.AddScoped<Feedback.FeedbackTeams>();
        services.AddScoped<Feedback.GetPeerView>();
        services.AddScoped<Feedback.GetTeamResults>();
        services.AddScoped<Feedback.GetAggregateResults>();
        services.AddScoped<Feedback.TeamDiscussion>();
        services.AddScoped<ListUsers>();
        services.AddScoped<CreateUser>();
        services.AddScoped<UpdateUserAccess>();
        services.AddScoped<ListPeople>();
        services.AddScoped<GetPerson>();
        services.AddScoped<ListOrganisations>();
        services.AddScoped<GetMyWork>();
        services.AddScoped<EditPeople>();
        services.AddScoped<SaveOrganisation>();
        services.AddScoped<ManageLeadership>();
        services.AddScoped<ProgrammeRisks>();
        services.AddScoped<ProgrammeOverview>();
        services.AddScoped<ListInitiatives>();
        services.AddScoped<GetInitiative>();
        services.AddScoped<CreateInitiative>();
        services.AddScoped<UpdateInitiative>();
        services.AddScoped<ChangeTeam>();
        services.AddScoped<LearningHealth.Workforce.DraftFromRegistry>();
        services.AddScoped<LearningHealth.Workforce.SavedScenarios>();
        services.AddScoped<LearningHealth.Workforce.ICompetencySupplySource, Skills.ConfirmedCompetencySupply>();
        services.AddScoped<ManageTemplates>();
        services.AddScoped<Teams.Import.ImportPeople>();
        services.AddScoped<Teams.Import.ExportPeople>();
        services.AddScoped<Teams.Fhir.ExportTeamToFhir>();
        services.AddScoped<ICompetencyLevels, Skills.AssessedCompetencyLevels>();
        services.AddScoped<ProposeTeam>();
        services.AddScoped<AcceptProposal>();
        services.AddScoped<SaveFramework>();
        services.AddScoped<ImportFramework>();
        services.AddScoped<ExportFramework>();
        services.AddScoped<BrowseFrameworks>();
        services.AddScoped<RateSkills>();
        services.AddScoped<ReviewAssessments>();
        services.AddScoped<GetPersonSkills>();
        services.AddScoped<AnalyseGaps>();
        services.AddScoped<BuildSkillsMatrix>();
        services.AddScoped<GetSkillsCoverage>();
        services.AddScoped<ManageLearningPlan>();
        services.AddScoped<OpenBadgeCredential>();
        services.AddScoped<AreaData.ImportAreaData>();
        services.AddScoped<AreaData.ListAreaData>();
        services.AddScoped<AreaData.StratifyIndicator>();
        services.AddScoped<AreaData.StandardiseIndicator>();
        services.AddScoped<SeedDemoAreaData>();
        return services;
    }

    public static void ConfigureDatabase(DbContextOptionsBuilder options, DatabaseOptions database)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(database.ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(database.ConnectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {database.Provider}.");
        }
    }

    /// <summary>Password and lockout policy, following NCSC guidance: long passwords over composition rules.</summary>
    public static void ConfigureIdentity(IdentityOptions options)
    {
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false;
    }
}
