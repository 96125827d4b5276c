using LearningHealth.Skills;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningHealth.Persistence;

internal sealed class FrameworkEntityTypeConfiguration : IEntityTypeConfiguration<Framework>
{
    public void Configure(EntityTypeBuilder<Framework> builder)
    {
        builder.Property(f => f.Key).HasMaxLength(80);
        builder.Property(f => f.Name).HasMaxLength(200);
        builder.Property(f => f.Publisher).HasMaxLength(200);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.HasIndex(f => new { f.Key, f.VersionNumber }).IsUnique();
        builder.OwnsMany(f => f.Levels, l => l.ToJson());
        builder.HasMany(f => f.Competencies).WithOne(c => c.Framework).HasForeignKey(c => c.FrameworkId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CompetencyEntityTypeConfiguration : IEntityTypeConfiguration<Competency>
{
    public void Configure(EntityTypeBuilder<Competency> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(80);
        builder.Property(c => c.Name).HasMaxLength(300);
        builder.HasIndex(c => new { c.FrameworkId, c.Code }).IsUnique();
        builder.HasOne<Competency>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(c => c.Descriptors, d => d.ToJson());
    }
}

internal sealed class CrosswalkLinkEntityTypeConfiguration : IEntityTypeConfiguration<CrosswalkLink>
{
    public void Configure(EntityTypeBuilder<CrosswalkLink> builder)
    {
        builder.HasOne<Competency>().WithMany().HasForeignKey(l => l.FromCompetencyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Competency>().WithMany().HasForeignKey(l => l.ToCompetencyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.FromCompetencyId, l.ToCompetencyId, l.Relation }).IsUnique();
    }
}

internal sealed class AssessmentEntityTypeConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> builder)
    {
        builder.Property(a => a.EvidenceNote).HasMaxLength(4000);
        builder.Property(a => a.RatedByUserId).HasMaxLength(450);
        builder.Property(a => a.RatedByName).HasMaxLength(200);
        builder.Property(a => a.ReviewedByUserId).HasMaxLength(450);
        builder.Property(a => a.ReviewedByName).HasMaxLength(200);
        builder.Property(a => a.ReturnReason).HasMaxLength(1000);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Competency).WithMany().HasForeignKey(a => a.CompetencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.PersonId, a.CompetencyId });
        builder.HasIndex(a => a.Status);
        builder.HasIndex(a => a.ValidUntil);
    }
}

internal sealed class LearningPlanEntityTypeConfiguration : IEntityTypeConfiguration<LearningPlan>
{
    public void Configure(EntityTypeBuilder<LearningPlan> builder)
    {
        builder.Property(p => p.ReviewNote).HasMaxLength(2000);
        builder.Property(p => p.ReviewedByName).HasMaxLength(200);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.PersonId).IsUnique();
        builder.HasMany(p => p.Goals).WithOne().HasForeignKey(g => g.PlanId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LearningGoalEntityTypeConfiguration : IEntityTypeConfiguration<LearningGoal>
{
    public void Configure(EntityTypeBuilder<LearningGoal> builder)
    {
        builder.Property(g => g.Version).IsConcurrencyToken();
        builder.HasOne(g => g.Competency).WithMany().HasForeignKey(g => g.CompetencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(g => g.FeedbackActionId);
        builder.OwnsMany(g => g.Activities, a => a.ToJson());
    }
}
