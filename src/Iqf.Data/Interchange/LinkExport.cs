using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes external links in the interchange CSV format (../shared/docs/interchange.md, section
/// "links"): one row per owner of a link, so a URL shared by three records is three rows, each
/// importing back to the same link. Owners are keyed as the view link_owner_key (migration 0013)
/// names them: qualification reference, organisation name, role title, source document code, and
/// for a provider offering "REFERENCE|Provider name|region|mode". A link nobody owns (the format
/// allows one) is a single row with empty owner columns, so export then import keeps it.
/// </summary>
public static class LinkExport
{
    public static readonly string[] Columns = ["url", "owner_kind", "owner_key", "purpose"];

    /// <summary>Writes the links with the given ids (all when null), ordered by URL, then owner kind and key.</summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            select e.url, k.owner_kind, k.owner_key, k.purpose
            from external_link e
            left join link_owner_key k on k.link_id = e.id
            where (@all or e.id = any (@ids))
            order by e.normalized_url collate "C", e.id, k.owner_kind collate "C", k.owner_key collate "C", k.link_owner_id
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }
}
