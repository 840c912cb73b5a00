using Dapper;
using Npgsql;

namespace Iqf.Admin.Pages.CommonCore;

/// <summary>The published versions of the Common Core and each area's wording in them, as the pages show them.</summary>
public static class Wordings
{
    public sealed record Version(short Id, string Code, string Title, DateTime? PublishedOn);
    /// <summary>One area's name and description in one version; RowVersion is the row's xmin (0 when the row is missing).</summary>
    public sealed record Wording(short AreaId, short VersionId, string Name, string? Description, long RowVersion);

    public static async Task<List<Version>> VersionsAsync(NpgsqlConnection conn) =>
        (await conn.QueryAsync<Version>("""
            select id as "Id", code as "Code", title as "Title", published_on::timestamp as "PublishedOn" from common_core_version order by code
            """)).ToList();

    /// <summary>The wordings of the given area, or of every area when null.</summary>
    public static async Task<List<Wording>> OfAsync(NpgsqlConnection conn, int? areaId) =>
        (await conn.QueryAsync<Wording>(Sql, new { areaId })).ToList();

    /// <summary>The wordings of area @areaId, or of every area when it is null.</summary>
    public const string Sql = """
        select area_id as "AreaId", version_id as "VersionId", name::text as "Name", description as "Description",
               xmin::text::bigint as "RowVersion"
        from common_core_area_name where @areaId::int is null or area_id = @areaId
        """;

    /// <summary>Why the areas have no add, archive or delete: said on the list and on each area.</summary>
    public const string FixedAreas =
        "The six areas are fixed by the source documents (the 2005 Common Core, 004 L305-310, and its 2010 refresh): "
        + "they cannot be added, archived or deleted, and every mapping points at one of them. Only their wording can be corrected.";
}
