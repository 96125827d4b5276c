using LearningHealth.Identity;
using LearningHealth.Initiatives;
using LearningHealth.Skills;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Persistence;

/// <summary>
/// The application's database, used directly by the feature handlers (no repository layer: see docs/decisions/0001).
/// The same model runs on SQLite and PostgreSQL; each provider keeps its own migrations project.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Engagement> Engagements => Set<Engagement>();
    public DbSet<ProgrammeLead> ProgrammeLeads => Set<ProgrammeLead>();
    public DbSet<Sponsorship> Sponsorships => Set<Sponsorship>();
    public DbSet<InitiativeTemplate> InitiativeTemplates => Set<InitiativeTemplate>();
    public DbSet<Initiative> Initiatives => Set<Initiative>();
    public DbSet<InitiativeMember> InitiativeMembers => Set<InitiativeMember>();
    public DbSet<Framework> Frameworks => Set<Framework>();
    public DbSet<Competency> Competencies => Set<Competency>();
    public DbSet<CrosswalkLink> CrosswalkLinks => Set<CrosswalkLink>();
    public DbSet<Assessment> Assessments => Set<Assessment>();
    public DbSet<LearningPlan> LearningPlans => Set<LearningPlan>();
    public DbSet<LearningGoal> LearningGoals => Set<LearningGoal>();

    // Feedback on practice
    public DbSet<Feedback.FeedbackCycle> FeedbackCycles => Set<Feedback.FeedbackCycle>();
    public DbSet<Feedback.Notification> Notifications => Set<Feedback.Notification>();
    public DbSet<Feedback.FeedbackResponse> FeedbackResponses => Set<Feedback.FeedbackResponse>();
    public DbSet<Feedback.DataQuestion> DataQuestions => Set<Feedback.DataQuestion>();
    public DbSet<Feedback.FeedbackAction> FeedbackActions => Set<Feedback.FeedbackAction>();
    public DbSet<Feedback.DiscussionComment> DiscussionComments => Set<Feedback.DiscussionComment>();
    public DbSet<Feedback.DataUseRegisterEntry> DataUseRegister => Set<Feedback.DataUseRegisterEntry>();
    public DbSet<Feedback.DefinitionChange> DefinitionChanges => Set<Feedback.DefinitionChange>();
    public DbSet<Feedback.ResearchFinding> ResearchFindings => Set<Feedback.ResearchFinding>();

    // Audit
    public DbSet<Audit.AuditEntry> AuditLog => Set<Audit.AuditEntry>();

    // Workforce
    public DbSet<Workforce.SavedScenario> WorkforceScenarios => Set<Workforce.SavedScenario>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name so that the database reads plainly and reordering an enum never changes data.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Each edit of a versioned record increments its version; the UPDATE is issued with the version the editor
    /// read, so a second editor working from the same version updates no row and gets a concurrency error.
    /// </summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
            }
        }
    }
}
