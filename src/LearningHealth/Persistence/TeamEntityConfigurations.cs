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
        builder.HasIndex(p => p.Email);
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
