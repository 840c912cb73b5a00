namespace Iqf.Domain.Entities;

public class Qualification : CuratedRecord
{
    /// <summary>Stored normalised: see <see cref="QualificationReference"/>.</summary>
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>The title folded for search (lower case, no accents); computed by the database.</summary>
    public string? TitleSearch { get; private set; }
    public string Type { get; set; } = "";
    public long? AwardingBodyId { get; set; }
    public Organisation? AwardingBody { get; set; }
    public string Status { get; set; } = "available";
    public DateOnly? OperationalStart { get; set; }
    public DateOnly? OperationalEnd { get; set; }
    public DateOnly? CertificationEnd { get; set; }
    public int? Credits { get; set; }
    public int? Glh { get; set; }
    public int? Tqt { get; set; }
    public string? AgeFocus { get; set; }
    public int? SectorSubjectAreaId { get; set; }
    public SectorSubjectArea? SectorSubjectArea { get; set; }
    public long? EndorsedById { get; set; }
    public Organisation? EndorsedBy { get; set; }
    public string CommonCoreStatus { get; set; } = "not-started";
    public string? Notes { get; set; }
    public List<QualificationLevel> Levels { get; set; } = [];
    public List<QualificationModule> Modules { get; set; } = [];
    public List<QualificationCommonCore> CommonCore { get; set; } = [];
}

public class QualificationLevel
{
    public long QualificationId { get; set; }
    public int LevelId { get; set; }
    public Level? Level { get; set; }
    public bool IsPrimary { get; set; }
}

public class Module : CuratedRecord
{
    public string Code { get; set; } = "";
    /// <summary>The code folded for search and sorting; computed by the database.</summary>
    public string? CodeSearch { get; private set; }
    public string Title { get; set; } = "";
    /// <summary>The title folded for search; computed by the database.</summary>
    public string? TitleSearch { get; private set; }
    public string? Description { get; set; }
    public int? LevelId { get; set; }
    public Level? Level { get; set; }
    public int? Credits { get; set; }
    public int? Glh { get; set; }
    public List<ModuleCommonCore> CommonCore { get; set; } = [];
}

public class QualificationModule
{
    public long QualificationId { get; set; }
    public Qualification? Qualification { get; set; }
    public long ModuleId { get; set; }
    public Module? Module { get; set; }
    public bool Mandatory { get; set; } = true;
    public string? GroupName { get; set; }
    public int Position { get; set; }
}

public class ModuleCommonCore
{
    public long ModuleId { get; set; }
    public short AreaId { get; set; }
    public CommonCoreArea? Area { get; set; }
    public string Coverage { get; set; } = "full";
    public short VersionId { get; set; }
    public string? Evidence { get; set; }
}

public class QualificationCommonCore
{
    public long QualificationId { get; set; }
    public short AreaId { get; set; }
    public CommonCoreArea? Area { get; set; }
    public string Coverage { get; set; } = "full";
    public short VersionId { get; set; }
    public string? Evidence { get; set; }
}

public class NosSuite : CuratedRecord
{
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public long? OwnerOrganisationId { get; set; }
    public Organisation? OwnerOrganisation { get; set; }
    public DateOnly? ApprovedOn { get; set; }
    public DateOnly? ReviewDueOn { get; set; }
}

public class OccupationalStandard : CuratedRecord
{
    public long SuiteId { get; set; }
    public NosSuite? Suite { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public DateOnly? ApprovedOn { get; set; }
    public DateOnly? ReviewDueOn { get; set; }
}

public class ModuleStandard
{
    public long ModuleId { get; set; }
    public long StandardId { get; set; }
}

public class ProviderOffering : CuratedRecord
{
    public long QualificationId { get; set; }
    public Qualification? Qualification { get; set; }
    public long ProviderId { get; set; }
    public Organisation? Provider { get; set; }
    public string Region { get; set; } = "";
    public string Mode { get; set; } = "";
    public decimal? Cost { get; set; }
    public string? Url { get; set; }
}

public class TakeUp
{
    public long Id { get; set; }
    public long QualificationId { get; set; }
    public Qualification? Qualification { get; set; }
    /// <summary>The calendar year the academic year starts in.</summary>
    public short Year { get; set; }
    public string Source { get; set; } = "";
    public int Learners { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }
}

public class QualificationSourceDocument
{
    public long QualificationId { get; set; }
    public long SourceDocumentId { get; set; }
}
