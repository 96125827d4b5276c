using LearningHealth.Audit;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Initiatives;
using LearningHealth.Skills;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningHealth.Persistence;

internal sealed class FeedbackCycleEntityTypeConfiguration : IEntityTypeConfiguration<FeedbackCycle>
{
    public void Configure(EntityTypeBuilder<FeedbackCycle> builder)
    {
        builder.Property(c => c.RunId).HasMaxLength(80);
        builder.Property(c => c.Message).HasMaxLength(2000);
        builder.HasIndex(c => c.PublishedAt);
        // One cycle per month: two processes publishing the same month at once cannot both create it.
        builder.HasIndex(c => c.PeriodStart).IsUnique();
    }
}

internal sealed class NotificationEntityTypeConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.UserId).HasMaxLength(450);
        builder.Property(n => n.Title).HasMaxLength(300);
        builder.Property(n => n.Body).HasMaxLength(4000);
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.UserId, n.ReadAt });
        // One notification per user per cycle: re-publishing a cycle after a crash notifies nobody twice.
        builder.HasIndex(n => new { n.UserId, n.CycleId }).IsUnique();
    }
}

internal sealed class FeedbackResponseEntityTypeConfiguration : IEntityTypeConfiguration<FeedbackResponse>
{
    public void Configure(EntityTypeBuilder<FeedbackResponse> builder)
    {
        builder.Property(r => r.IndicatorId).HasMaxLength(80);
        builder.Property(r => r.Text).HasMaxLength(4000);
        builder.Property(r => r.AuthorUserId).HasMaxLength(450);
        builder.Property(r => r.AuthorName).HasMaxLength(200);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.PersonId, r.IndicatorId });
    }
}

internal sealed class DataQuestionEntityTypeConfiguration : IEntityTypeConfiguration<DataQuestion>
{
    public void Configure(EntityTypeBuilder<DataQuestion> builder)
    {
        builder.Property(q => q.IndicatorId).HasMaxLength(80);
        builder.Property(q => q.Question).HasMaxLength(4000);
        builder.Property(q => q.RaisedByUserId).HasMaxLength(450);
        builder.Property(q => q.RaisedByName).HasMaxLength(200);
        builder.Property(q => q.Answer).HasMaxLength(4000);
        builder.Property(q => q.AnsweredByName).HasMaxLength(200);
        builder.Property(q => q.Version).IsConcurrencyToken();
        builder.HasOne<Person>().WithMany().HasForeignKey(q => q.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(q => new { q.PersonId, q.IndicatorId });
        builder.HasIndex(q => q.Status);
    }
}

internal sealed class FeedbackActionEntityTypeConfiguration : IEntityTypeConfiguration<FeedbackAction>
{
    public void Configure(EntityTypeBuilder<FeedbackAction> builder)
    {
        builder.Property(a => a.IndicatorId).HasMaxLength(80);
        builder.Property(a => a.Action).HasMaxLength(2000);
        builder.Property(a => a.Owner).HasMaxLength(200);
        builder.Property(a => a.CreatedByUserId).HasMaxLength(450);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Competency>().WithMany().HasForeignKey(a => a.CompetencyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<LearningGoal>().WithMany().HasForeignKey(a => a.LearningGoalId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => new { a.PersonId, a.IndicatorId });
    }
}

internal sealed class DiscussionCommentEntityTypeConfiguration : IEntityTypeConfiguration<DiscussionComment>
{
    public void Configure(EntityTypeBuilder<DiscussionComment> builder)
    {
        builder.Property(c => c.TeamKey).HasMaxLength(120);
        builder.Property(c => c.IndicatorId).HasMaxLength(80);
        builder.Property(c => c.Text).HasMaxLength(4000);
        builder.Property(c => c.AuthorUserId).HasMaxLength(450);
        builder.Property(c => c.AuthorName).HasMaxLength(200);
        builder.HasIndex(c => new { c.TeamKey, c.IndicatorId, c.CreatedAt });
    }
}

internal sealed class DataUseRegisterEntryEntityTypeConfiguration : IEntityTypeConfiguration<DataUseRegisterEntry>
{
    public void Configure(EntityTypeBuilder<DataUseRegisterEntry> builder)
    {
        builder.ToTable("DataUseRegister");
        builder.Property(e => e.DataSource).HasMaxLength(200);
        builder.HasIndex(e => e.DataSource).IsUnique();
        builder.Property(e => e.Description).HasMaxLength(2000);
        builder.Property(e => e.ResourceTypes).HasMaxLength(1000);
        builder.Property(e => e.Purpose).HasMaxLength(2000);
        builder.Property(e => e.LegalBasis).HasMaxLength(1000);
        builder.Property(e => e.Owner).HasMaxLength(200);
        builder.Property(e => e.Version).IsConcurrencyToken();
    }
}

internal sealed class DefinitionChangeEntityTypeConfiguration : IEntityTypeConfiguration<DefinitionChange>
{
    public void Configure(EntityTypeBuilder<DefinitionChange> builder)
    {
        builder.Property(c => c.ItemKey).HasMaxLength(120);
        builder.Property(c => c.ItemTitle).HasMaxLength(300);
        builder.Property(c => c.FromVersion).HasMaxLength(40);
        builder.Property(c => c.ToVersion).HasMaxLength(40);
        builder.Property(c => c.Summary).HasMaxLength(4000);
        builder.Property(c => c.Fingerprint).HasMaxLength(128);
        builder.Property(c => c.ChangedBy).HasMaxLength(200);
        builder.HasIndex(c => c.ChangedAt);
        builder.HasIndex(c => new { c.Kind, c.ItemKey, c.Fingerprint }).IsUnique();
    }
}

internal sealed class ResearchFindingEntityTypeConfiguration : IEntityTypeConfiguration<ResearchFinding>
{
    public void Configure(EntityTypeBuilder<ResearchFinding> builder)
    {
        builder.Property(f => f.Title).HasMaxLength(300);
        builder.Property(f => f.Summary).HasMaxLength(8000);
        builder.Property(f => f.IndicatorId).HasMaxLength(80);
        builder.Property(f => f.PostedByName).HasMaxLength(200);
        builder.HasOne<Initiative>().WithMany().HasForeignKey(f => f.InitiativeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryEntityTypeConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Action).HasMaxLength(80);
        builder.Property(e => e.ActorUserId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.Subject).HasMaxLength(500);
        builder.Property(e => e.Details).HasMaxLength(4000);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => e.Action);
    }
}
