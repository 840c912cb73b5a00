namespace Iqf.Domain.Entities;

public class LevelFramework
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public uint Version { get; set; }
    public List<Level> Levels { get; set; } = [];
}

public class Level
{
    public int Id { get; set; }
    public int FrameworkId { get; set; }
    public LevelFramework? Framework { get; set; }
    /// <summary>The spelling used in files: "Entry", "Entry 1".."Entry 3", "1".."9".</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public short Ordinal { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public uint Version { get; set; }
}

public class LevelEquivalence
{
    public int LevelAId { get; set; }
    public Level? LevelA { get; set; }
    public int LevelBId { get; set; }
    public Level? LevelB { get; set; }
    public string? Note { get; set; }
    public string? Source { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public class CommonCoreVersion
{
    public short Id { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public DateOnly? PublishedOn { get; set; }
}

public class CommonCoreArea
{
    public short Id { get; set; }
    public short Number { get; set; }
    public List<CommonCoreAreaName> Names { get; set; } = [];
}

public class CommonCoreAreaName
{
    public short AreaId { get; set; }
    public short VersionId { get; set; }
    public CommonCoreVersion? CommonCoreVersion { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
}

public class ClusteringScheme : IArchivableRecord<int>
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string? Source { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public uint Version { get; set; }
    public List<Cluster> Clusters { get; set; } = [];
}

public class Cluster : IArchivableRecord<int>
{
    public int Id { get; set; }
    public int SchemeId { get; set; }
    public ClusteringScheme? Scheme { get; set; }
    public int? ParentId { get; set; }
    public Cluster? Parent { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public int SortOrder { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public uint Version { get; set; }
}

public class SectorSubjectArea
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public int? ParentId { get; set; }
    public SectorSubjectArea? Parent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public uint Version { get; set; }
}

public class Organisation : CuratedRecord
{
    public string Name { get; set; } = "";
    public string? Acronym { get; set; }
    /// <summary>One of <see cref="Vocabulary.OrganisationTypes"/>.</summary>
    public string Type { get; set; } = "";
    public string? Website { get; set; }
    public string? OfqualRecognitionNumber { get; set; }
    public long? PredecessorId { get; set; }
    public Organisation? Predecessor { get; set; }
    public DateOnly? ActiveFrom { get; set; }
    public DateOnly? ActiveTo { get; set; }
    public List<OrganisationAlias> Aliases { get; set; } = [];
}

public class OrganisationAlias
{
    public long OrganisationId { get; set; }
    public string Alias { get; set; } = "";
}

public class SourceDocument
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public long? PublisherId { get; set; }
    public Organisation? Publisher { get; set; }
    public short? Year { get; set; }
    public string? FileName { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public uint Version { get; set; }
}
