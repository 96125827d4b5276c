using LearningHealth.Initiatives;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningHealth.Persistence;

internal sealed class OrganisationEntityTypeConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.OdsCode).HasMaxLength(20);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => o.Name);
    }
}

internal sealed class PersonEntityTypeConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.Property(p => p.GivenName).HasMaxLength(100);
        builder.Property(p => p.FamilyName).HasMaxLength(100);
        builder.Property(p => p.Email).HasMaxLength(256);
        builder.Property(p => p.Phone).HasMaxLength(40);
        builder.Property(p => p.RegistrationBody).HasMaxLength(40);
        builder.Property(p => p.RegistrationNumber).HasMaxLength(40);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.DisplayName);
        builder.HasIndex(p => p.Email).IsUnique();
        builder.HasIndex(p => p.RegistrationNumber);
        builder.HasIndex(p => new { p.FamilyName, p.GivenName });
        builder.HasMany(p => p.Engagements).WithOne(e => e.Person).HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EngagementEntityTypeConfiguration : IEntityTypeConfiguration<Engagement>
{
    public void Configure(EntityTypeBuilder<Engagement> builder)
    {
        builder.Property(e => e.RoleTitle).HasMaxLength(200);
        builder.Property(e => e.Fte).HasPrecision(4, 2);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasOne(e => e.Organisation).WithMany().HasForeignKey(e => e.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.EndDate);
    }
}

internal sealed class ProgrammeLeadEntityTypeConfiguration : IEntityTypeConfiguration<ProgrammeLead>
{
    public void Configure(EntityTypeBuilder<ProgrammeLead> builder)
    {
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.HasOne(l => l.Person).WithMany().HasForeignKey(l => l.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.Group).IsUnique();
    }
}

internal sealed class SponsorshipEntityTypeConfiguration : IEntityTypeConfiguration<Sponsorship>
{
    public void Configure(EntityTypeBuilder<Sponsorship> builder)
    {
        builder.Property(s => s.SponsorName).HasMaxLength(200);
        builder.Property(s => s.SponsorTitle).HasMaxLength(200);
        builder.Property(s => s.ApprovingBody).HasMaxLength(200);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class InitiativeTemplateEntityTypeConfiguration : IEntityTypeConfiguration<InitiativeTemplate>
{
    public void Configure(EntityTypeBuilder<InitiativeTemplate> builder)
    {
        builder.Property(t => t.Key).HasMaxLength(80);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasIndex(t => t.Key).IsUnique();
        builder.OwnsMany(t => t.Roles, r => r.ToJson());
        builder.OwnsMany(t => t.Competencies, c => c.ToJson());
        builder.OwnsMany(t => t.Governance, g => g.ToJson());
    }
}

internal sealed class InitiativeEntityTypeConfiguration : IEntityTypeConfiguration<Initiative>
{
    public void Configure(EntityTypeBuilder<Initiative> builder)
    {
        builder.Property(i => i.Title).HasMaxLength(200);
        builder.Property(i => i.TemplateKey).HasMaxLength(80);
        builder.Property(i => i.TemplateName).HasMaxLength(200);
        builder.Property(i => i.EvaluationIndicatorId).HasMaxLength(80);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Ignore(i => i.IsOpen);
        builder.OwnsMany(i => i.Roles, r => r.ToJson());
        builder.OwnsMany(i => i.Competencies, c => c.ToJson());
        builder.OwnsMany(i => i.Governance, g => g.ToJson());
        builder.HasMany(i => i.Members).WithOne().HasForeignKey(m => m.InitiativeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InitiativeMemberEntityTypeConfiguration : IEntityTypeConfiguration<InitiativeMember>
{
    public void Configure(EntityTypeBuilder<InitiativeMember> builder)
    {
        builder.Property(m => m.Fte).HasPrecision(4, 2);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasOne(m => m.Person).WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.InitiativeId, m.PersonId }).IsUnique();
    }
}
