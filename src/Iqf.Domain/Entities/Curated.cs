namespace Iqf.Domain.Entities;

/// <summary>
/// The bookkeeping every main record carries: who owns it, when it was last reviewed, how often
/// it should be, and whether it is archived (records are archived, not deleted).
/// <see cref="Version"/> is PostgreSQL's xmin: the row version that makes a stale save a conflict.
/// </summary>
public abstract class CuratedRecord : IArchivableRecord<long>
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

/// <summary>
/// A record that is archived rather than deleted and carries a row version (xmin): all the
/// shared archive, restore and bulk pages (Web/Records) need of it. Every
/// <see cref="CuratedRecord"/> is one, with a long id; reference records that have archived_at
/// and a version but no review columns (clustering schemes and clusters, with int ids) implement
/// it directly.
/// </summary>
public interface IArchivableRecord<TKey> where TKey : struct
{
    TKey Id { get; }
    DateTimeOffset? ArchivedAt { get; set; }
    uint Version { get; }
}
