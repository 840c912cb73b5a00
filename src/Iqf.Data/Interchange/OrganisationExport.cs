using System.Globalization;
using Dapper;
using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>
/// Writes organisations in the interchange CSV format (../shared/docs/interchange.md, section
/// "organisations"): exactly those columns, in that order, so the file imports back unchanged.
/// </summary>
public static class OrganisationExport
{
    public static readonly string[] Columns =
        ["name", "acronym", "type", "website", "ofqual_recognition_number", "aliases", "predecessor", "active_from", "active_to"];

    /// <summary>
    /// Writes the organisations with the given ids (all when null). Predecessors come before
    /// their successors, so that a reader taking rows in order always knows the name it meets
    /// in the predecessor column; otherwise rows are in name order.
    /// </summary>
    public static async Task WriteAsync(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct = default)
    {
        var rows = await conn.QueryAsync(new CommandDefinition("""
            with recursive generation as (
              select id, 0 as depth from organisation where predecessor_id is null
              union all
              select o.id, g.depth + 1 from organisation o join generation g on o.predecessor_id = g.id where g.depth < 100
            )
            select o.name::text as name, o.acronym::text as acronym, o.type, o.website, o.ofqual_recognition_number,
                   (select string_agg(a.alias::text, ';' order by a.alias) from organisation_alias a where a.organisation_id = o.id) as aliases,
                   p.name::text as predecessor, o.active_from, o.active_to
            from organisation o
            left join organisation p on p.id = o.predecessor_id
            left join (select id, max(depth) as depth from generation group by id) g on g.id = o.id
            where (@all or o.id = any (@ids))
            order by coalesce(g.depth, 0), o.name
            """, new { all = ids is null, ids = ids?.ToArray() ?? [] }, cancellationToken: ct));

        await InterchangeCsv.WriteAsync(rows, Columns, output);
    }

}
