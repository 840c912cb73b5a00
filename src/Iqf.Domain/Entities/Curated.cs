namespace Iqf.Domain.Entities;

/// <summary>
/// The bookkeeping every main record carries: who owns it, when it was last reviewed, how often
/// it should be, and whether it is archived (records are archived, not deleted).
/// <see cref="Version"/> is PostgreSQL's xmin: the row version that makes a stale save a conflict.
/// </summary>
public abstract class CuratedRecord
{
    public long Id { get; set; }
    public string? OwnerId { get; set; }
    public DateTimeOffset? LastReviewedAt { get; set; }
    public string? LastReviewedBy { get; set; }
    public short? ReviewIntervalMonths { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ArchivedAt { get; set; }
    public uint Version { get; set; }
}
