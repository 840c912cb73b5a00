using System.Text;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Iqf.Data;

public class IqfUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The EF Core model over the schema that migrations/*.sql creates. The SQL is the source of
/// truth; ModelMatchesSchemaTests fails when this model and the migrated schema disagree.
/// </summary>
public class IqfDbContext(DbContextOptions<IqfDbContext> options) : IdentityDbContext<IqfUser>(options)
{
    public DbSet<LevelFramework> LevelFrameworks => Set<LevelFramework>();
    public DbSet<Level> Levels => Set<Level>();
    public DbSet<LevelEquivalence> LevelEquivalences => Set<LevelEquivalence>();
    public DbSet<CommonCoreVersion> CommonCoreVersions => Set<CommonCoreVersion>();
    public DbSet<CommonCoreArea> CommonCoreAreas => Set<CommonCoreArea>();
    public DbSet<CommonCoreAreaName> CommonCoreAreaNames => Set<CommonCoreAreaName>();
    public DbSet<ClusteringScheme> ClusteringSchemes => Set<ClusteringScheme>();
    public DbSet<Cluster> Clusters => Set<Cluster>();
    public DbSet<SectorSubjectArea> SectorSubjectAreas => Set<SectorSubjectArea>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<OrganisationAlias> OrganisationAliases => Set<OrganisationAlias>();
    public DbSet<SourceDocument> SourceDocuments => Set<SourceDocument>();
    public DbSet<JobRole> JobRoles => Set<JobRole>();
    public DbSet<JobRoleAlias> JobRoleAliases => Set<JobRoleAlias>();
    public DbSet<JobRoleCluster> JobRoleClusters => Set<JobRoleCluster>();
    public DbSet<Qualification> Qualifications => Set<Qualification>();
    public DbSet<QualificationLevel> QualificationLevels => Set<QualificationLevel>();
    public DbSet<Module> Modules => Set<Module>();
    public DbSet<QualificationModule> QualificationModules => Set<QualificationModule>();
    public DbSet<ModuleCommonCore> ModuleCommonCore => Set<ModuleCommonCore>();
    public DbSet<QualificationCommonCore> QualificationCommonCore => Set<QualificationCommonCore>();
    public DbSet<RoleQualification> RoleQualifications => Set<RoleQualification>();
    public DbSet<ProgressionRoute> ProgressionRoutes => Set<ProgressionRoute>();
    public DbSet<RouteViaQualification> RouteViaQualifications => Set<RouteViaQualification>();
    public DbSet<RouteViaModule> RouteViaModules => Set<RouteViaModule>();
    public DbSet<NosSuite> NosSuites => Set<NosSuite>();
    public DbSet<OccupationalStandard> OccupationalStandards => Set<OccupationalStandard>();
    public DbSet<ModuleStandard> ModuleStandards => Set<ModuleStandard>();
    public DbSet<ProviderOffering> ProviderOfferings => Set<ProviderOffering>();
    public DbSet<TakeUp> TakeUps => Set<TakeUp>();
    public DbSet<QualificationSourceDocument> QualificationSourceDocuments => Set<QualificationSourceDocument>();
    public DbSet<ExternalLink> ExternalLinks => Set<ExternalLink>();
    public DbSet<LinkOwner> LinkOwners => Set<LinkOwner>();
    public DbSet<LinkCheck> LinkChecks => Set<LinkCheck>();
    public DbSet<ReviewFlag> ReviewFlags => Set<ReviewFlag>();
    public DbSet<HistoryEntry> History => Set<HistoryEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<IqfUser>().ToTable("users");
        b.Entity<IdentityRole>().ToTable("roles");
        b.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        b.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        b.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        b.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        b.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");

        b.Entity<LevelEquivalence>(e =>
        {
            e.HasKey(x => new { x.LevelAId, x.LevelBId });
            e.HasOne(x => x.LevelA).WithMany().HasForeignKey(x => x.LevelAId);
            e.HasOne(x => x.LevelB).WithMany().HasForeignKey(x => x.LevelBId);
        });
        b.Entity<CommonCoreAreaName>(e =>
        {
            e.HasKey(x => new { x.AreaId, x.VersionId });
            e.HasOne(x => x.CommonCoreVersion).WithMany().HasForeignKey(x => x.VersionId);
        });
        b.Entity<CommonCoreArea>().HasMany(x => x.Names).WithOne().HasForeignKey(x => x.AreaId);
        b.Entity<Cluster>(e =>
        {
            e.HasOne(x => x.Scheme).WithMany(x => x.Clusters).HasForeignKey(x => x.SchemeId);
            e.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId);
        });
        b.Entity<Organisation>(e =>
        {
            e.HasOne(x => x.Predecessor).WithMany().HasForeignKey(x => x.PredecessorId);
            e.HasMany(x => x.Aliases).WithOne().HasForeignKey(x => x.OrganisationId);
        });
        b.Entity<OrganisationAlias>().HasKey(x => new { x.OrganisationId, x.Alias });
        b.Entity<JobRoleAlias>().HasKey(x => new { x.JobRoleId, x.Alias });
        b.Entity<JobRoleCluster>().HasKey(x => new { x.JobRoleId, x.SchemeId });
        b.Entity<JobRole>(e =>
        {
            e.HasMany(x => x.Aliases).WithOne().HasForeignKey(x => x.JobRoleId);
            e.HasMany(x => x.Clusters).WithOne().HasForeignKey(x => x.JobRoleId);
            e.HasMany(x => x.Qualifications).WithOne(x => x.JobRole).HasForeignKey(x => x.JobRoleId);
        });
        b.Entity<RoleQualification>().HasKey(x => new { x.JobRoleId, x.QualificationId });
        b.Entity<Qualification>(e =>
        {
            e.HasOne(x => x.AwardingBody).WithMany().HasForeignKey(x => x.AwardingBodyId);
            e.HasOne(x => x.EndorsedBy).WithMany().HasForeignKey(x => x.EndorsedById);
            e.HasMany(x => x.Levels).WithOne().HasForeignKey(x => x.QualificationId);
            e.HasMany(x => x.Modules).WithOne(x => x.Qualification).HasForeignKey(x => x.QualificationId);
            e.HasMany(x => x.CommonCore).WithOne().HasForeignKey(x => x.QualificationId);
        });
        b.Entity<Qualification>().Property(x => x.TitleSearch).HasComputedColumnSql("search_text(title)", stored: true);
        b.Entity<Module>().Property(x => x.TitleSearch).HasComputedColumnSql("search_text(title)", stored: true);
        b.Entity<Module>().Property(x => x.CodeSearch).HasComputedColumnSql("search_text(code::text)", stored: true);
        b.Entity<QualificationLevel>().HasKey(x => new { x.QualificationId, x.LevelId });
        b.Entity<QualificationModule>().HasKey(x => new { x.QualificationId, x.ModuleId });
        b.Entity<Module>().HasMany(x => x.CommonCore).WithOne().HasForeignKey(x => x.ModuleId);
        b.Entity<ModuleCommonCore>().HasKey(x => new { x.ModuleId, x.AreaId });
        b.Entity<QualificationCommonCore>().HasKey(x => new { x.QualificationId, x.AreaId });
        b.Entity<ProgressionRoute>(e =>
        {
            e.HasOne(x => x.FromRole).WithMany().HasForeignKey(x => x.FromRoleId);
            e.HasOne(x => x.ToRole).WithMany().HasForeignKey(x => x.ToRoleId);
            e.HasOne(x => x.FromQualification).WithMany().HasForeignKey(x => x.FromQualificationId);
            e.HasOne(x => x.ToQualification).WithMany().HasForeignKey(x => x.ToQualificationId);
            e.HasMany(x => x.ViaQualifications).WithOne().HasForeignKey(x => x.RouteId);
            e.HasMany(x => x.ViaModules).WithOne().HasForeignKey(x => x.RouteId);
        });
        b.Entity<RouteViaQualification>().HasKey(x => new { x.RouteId, x.QualificationId });
        b.Entity<RouteViaModule>().HasKey(x => new { x.RouteId, x.ModuleId });
        b.Entity<NosSuite>().HasOne(x => x.OwnerOrganisation).WithMany().HasForeignKey(x => x.OwnerOrganisationId);
        b.Entity<ModuleStandard>().HasKey(x => new { x.ModuleId, x.StandardId });
        b.Entity<ProviderOffering>(e =>
        {
            e.HasOne(x => x.Provider).WithMany().HasForeignKey(x => x.ProviderId);
            e.Property(x => x.Cost).HasPrecision(10, 2);
        });
        b.Entity<QualificationSourceDocument>().HasKey(x => new { x.QualificationId, x.SourceDocumentId });
        b.Entity<ExternalLink>().HasMany(x => x.Owners).WithOne().HasForeignKey(x => x.LinkId);
        b.Entity<HistoryEntry>(e =>
        {
            e.ToTable("history");
            e.Property(x => x.RowKey).HasColumnType("jsonb");
            e.Property(x => x.Before).HasColumnType("jsonb");
            e.Property(x => x.After).HasColumnType("jsonb");
            e.Property(x => x.Operation).HasColumnType("character(1)");
        });

        ApplyDatabaseConventions(b);
    }

    /// <summary>
    /// snake_case names for everything, citext where the schema makes a name a case-insensitive
    /// key, and xmin as the row version of every entity that has a Version property.
    /// </summary>
    private static void ApplyDatabaseConventions(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            // Our own entities are named after their class (DbSet names are plural English);
            // Identity's tables were named explicitly above.
            if (entity.ClrType.Assembly != typeof(IdentityUser).Assembly && entity.ClrType != typeof(IqfUser)
                && entity.ClrType != typeof(HistoryEntry))
                entity.SetTableName(SnakeCase(entity.ClrType.Name));
            foreach (var p in entity.GetProperties())
            {
                if (p.Name == "Version" && p.ClrType == typeof(uint))
                {
                    p.SetColumnName("xmin");
                    p.SetColumnType("xid");
                    p.ValueGenerated = ValueGenerated.OnAddOrUpdate;
                    p.IsConcurrencyToken = true;
                    continue;
                }
                p.SetColumnName(SnakeCase(p.Name));
                if (p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?))
                    p.SetColumnType("timestamp with time zone");
                // The database stamps these (default now(); a trigger moves updated_at): EF must
                // not send DateTimeOffset's default, which PostgreSQL would store as -infinity.
                if (p.Name is "CreatedAt" or "UpdatedAt" && p.ClrType == typeof(DateTimeOffset))
                {
                    p.SetDefaultValueSql("now()");
                    p.ValueGenerated = ValueGenerated.OnAdd;
                }
            }
            foreach (var fk in entity.GetForeignKeys()) fk.DeleteBehavior = DeleteBehavior.NoAction;
        }

        foreach (var (type, column) in CitextColumns)
            b.Entity(type).Property(column).HasColumnType("citext");
    }

    private static readonly (Type, string)[] CitextColumns =
    [
        (typeof(LevelFramework), nameof(LevelFramework.Code)),
        (typeof(Level), nameof(Level.Code)),
        (typeof(CommonCoreAreaName), nameof(CommonCoreAreaName.Name)),
        (typeof(ClusteringScheme), nameof(ClusteringScheme.Code)),
        (typeof(Cluster), nameof(Cluster.Name)),
        (typeof(SectorSubjectArea), nameof(SectorSubjectArea.Name)),
        (typeof(Organisation), nameof(Organisation.Name)),
        (typeof(Organisation), nameof(Organisation.Acronym)),
        (typeof(OrganisationAlias), nameof(OrganisationAlias.Alias)),
        (typeof(SourceDocument), nameof(SourceDocument.Code)),
        (typeof(JobRole), nameof(JobRole.Title)),
        (typeof(JobRoleAlias), nameof(JobRoleAlias.Alias)),
        (typeof(Module), nameof(Module.Code)),
        (typeof(NosSuite), nameof(NosSuite.Code)),
        (typeof(OccupationalStandard), nameof(OccupationalStandard.Code)),
        (typeof(ExternalLink), nameof(ExternalLink.Host)),
    ];

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var prevLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i > 0 && i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]);
                if (prevLower || nextLower) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}

/// <summary>ASP.NET Data Protection key ring entries, shared by every node through the database.</summary>
public class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string? Xml { get; set; }
}
