namespace Iqf.Domain.Entities;

public class ExternalLink
{
    public long Id { get; set; }
    public string Url { get; set; } = "";
    public string NormalizedUrl { get; set; } = "";
    public string Host { get; set; } = "";
    public string State { get; set; } = "unchecked";
    public bool Ignored { get; set; }
    public string? FinalUrl { get; set; }
    public short? LastStatus { get; set; }
    public string? LastErrorKind { get; set; }
    public string? LastError { get; set; }
    public string? Warning { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? FirstFailedAt { get; set; }
    public DateTimeOffset? LastCheckedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }
    public List<LinkOwner> Owners { get; set; } = [];
}

/// <summary>Exactly one of the owner ids is set.</summary>
public class LinkOwner
{
    public long Id { get; set; }
    public long LinkId { get; set; }
    public long? QualificationId { get; set; }
    public long? OrganisationId { get; set; }
    public long? JobRoleId { get; set; }
    public long? ProviderOfferingId { get; set; }
    public long? SourceDocumentId { get; set; }
    public string? Purpose { get; set; }
}

public class LinkCheck
{
    public long Id { get; set; }
    public long LinkId { get; set; }
    public Guid? RunId { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
    public string Outcome { get; set; } = "";
    public short? Status { get; set; }
    public string? ErrorKind { get; set; }
    public string? Error { get; set; }
    public string? FinalUrl { get; set; }
    public short Hops { get; set; }
    public int? DurationMs { get; set; }
}

public class ReviewFlag
{
    public long Id { get; set; }
    public string EntityKind { get; set; } = "";
    public long EntityId { get; set; }
    public string Reason { get; set; } = "";
    public string? Detail { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public string RaisedBy { get; set; } = "";
    public string? AssignedToUserId { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? Resolution { get; set; }
    public uint Version { get; set; }
}

/// <summary>One recorded insert, update or delete (written by database triggers only).</summary>
public class HistoryEntry
{
    public long Id { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string Actor { get; set; } = "";
    public string DbUser { get; set; } = "";
    public string TableName { get; set; } = "";
    public string Operation { get; set; } = "";
    public string RowKey { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
    public string[]? ChangedFields { get; set; }
    public long TransactionId { get; set; }
}
