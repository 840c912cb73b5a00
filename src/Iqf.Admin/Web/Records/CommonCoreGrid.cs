using System.Data.Common;
using Dapper;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Npgsql;

namespace Iqf.Admin.Web.Records;

/// <summary>
/// One owner's Common Core mapping as a form: the six areas, each not mapped, partial or full,
/// in the 2005 or 2010 wording (2010 unless it was mapped against 2005), with an evidence note.
/// A module's mapping (module_common_core) and a qualification's own (qualification_common_core)
/// have the same shape, so the same reading, checking and saving serve both; the table is drawn
/// by Pages/Shared/_CommonCoreAreas.cshtml.
/// </summary>
public static class CommonCoreGrid
{
    /// <summary>The wording a new mapping is recorded against: the current, 2010, Common Core.</summary>
    public const string DefaultVersion = "2010";
    public const int EvidenceMaxLength = 2000;

    /// <summary>One area of one owner, as the form posts it.</summary>
    public sealed class Cell
    {
        public short Area { get; set; }
        /// <summary>full, partial, or empty for not mapped.</summary>
        public string? Coverage { get; set; }
        /// <summary>The Common Core version's code (2005 or 2010).</summary>
        public string? Version { get; set; }
        public string? Evidence { get; set; }
    }

    public sealed record Area(short Number, string Name);

    /// <summary>Where an owner's mappings live: the table and the column naming the owner.</summary>
    public sealed record Owner(string Table, string Column)
    {
        public static readonly Owner Module = new("module_common_core", "module_id");
        public static readonly Owner Qualification = new("qualification_common_core", "qualification_id");
    }

    /// <summary>
    /// What the partial draws: one table of the six areas for one owner. Fields are named
    /// <c>{Prefix}[{FirstIndex + n}].Area</c> and so on, so several owners can share one form;
    /// <paramref name="Extra"/> adds hidden fields to each cell (the qualification grid's module id).
    /// </summary>
    public sealed record Table(string Prefix, int FirstIndex, string OwnerLabel, IReadOnlyList<Area> Areas, IReadOnlyList<Cell> Cells,
        IReadOnlyList<string> Versions, IReadOnlyDictionary<string, string>? Extra = null)
    {
        public Cell CellFor(short area) =>
            Cells.FirstOrDefault(c => c.Area == area) ?? new Cell { Area = area, Version = DefaultVersion };
    }

    /// <summary>The six areas, named in the 2010 wording, and the versions' codes, oldest first.</summary>
    public static async Task<(List<Area> Areas, List<string> Versions)> ReferenceAsync(DbConnection conn)
    {
        using var grid = await conn.QueryMultipleAsync("""
            select a.number as "Number", n.name::text as "Name" from common_core_area a join common_core_area_name n on n.area_id = a.id
            join common_core_version v on v.id = n.version_id and v.code = '2010' order by a.number;
            select code from common_core_version order by code;
            """);
        return ((await grid.ReadAsync<Area>()).ToList(), (await grid.ReadAsync<string>()).ToList());
    }

    /// <summary>An owner's mappings as cells (only the mapped areas).</summary>
    public static async Task<List<Cell>> LoadAsync(DbConnection conn, Owner owner, long ownerId) =>
        (await conn.QueryAsync<Cell>($"""
            select a.number as "Area", x.coverage as "Coverage", v.code as "Version", x.evidence as "Evidence"
            from {owner.Table} x join common_core_area a on a.id = x.area_id join common_core_version v on v.id = x.version_id
            where x.{owner.Column} = @ownerId order by a.number
            """, new { ownerId })).ToList();

    /// <summary>
    /// Checks the posted cells (those at <paramref name="first"/> onwards in the form's list),
    /// adding a message beside each field at fault; true when all are right.
    /// </summary>
    public static bool Validate(IReadOnlyList<Cell> cells, ModelStateDictionary modelState, string prefix, IReadOnlyCollection<string> versions, int first = 0)
    {
        var ok = true;
        for (var n = 0; n < cells.Count; n++)
        {
            var c = cells[n];
            var at = $"{prefix}[{first + n}]";
            void Fail(string field, string message) { modelState.AddModelError(field.Length == 0 ? "" : $"{at}.{field}", message); ok = false; }
            if (c.Area is < 1 or > 6) Fail("", "The form named an area of the Common Core that does not exist; reload the page and try again");
            if (c.Coverage is not (null or "" or "full" or "partial")) Fail("Coverage", "Choose full, partial or not mapped");
            if (!string.IsNullOrEmpty(c.Version) && !versions.Contains(c.Version)) Fail("Version", $"Choose the {string.Join(" or ", versions)} Common Core");
            if (c.Evidence is { Length: > EvidenceMaxLength }) Fail("Evidence", $"Evidence must be {EvidenceMaxLength:N0} characters or fewer");
            if (string.IsNullOrEmpty(c.Coverage) && !string.IsNullOrWhiteSpace(c.Evidence))
                Fail("Evidence", "Evidence was given for an area marked as not mapped: choose full or partial, or remove the evidence");
        }
        if (cells.Select(c => c.Area).Distinct().Count() != cells.Count)
        {
            modelState.AddModelError("", "The form named the same area twice; reload the page and try again");
            ok = false;
        }
        return ok;
    }

    /// <summary>
    /// Writes one owner's cells: a not-mapped area's row is deleted, a mapped one inserted or
    /// updated. Unchanged cells write nothing, so they leave no history. Returns how many rows changed.
    /// </summary>
    public static async Task<int> SaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Owner owner, long ownerId, IEnumerable<Cell> cells)
    {
        var changed = 0;
        foreach (var c in cells)
        {
            if (string.IsNullOrEmpty(c.Coverage))
                changed += await conn.ExecuteAsync(
                    $"delete from {owner.Table} where {owner.Column} = @ownerId and area_id = (select id from common_core_area where number = @area)",
                    new { ownerId, area = c.Area }, tx);
            else
                changed += await conn.ExecuteAsync($"""
                    insert into {owner.Table} ({owner.Column}, area_id, coverage, version_id, evidence)
                    select @ownerId, a.id, @coverage, v.id, nullif(btrim(@evidence), '')
                    from common_core_area a, common_core_version v where a.number = @area and v.code = @version
                    on conflict ({owner.Column}, area_id) do update
                      set coverage = excluded.coverage, version_id = excluded.version_id, evidence = excluded.evidence
                    where ({owner.Table}.coverage, {owner.Table}.version_id, {owner.Table}.evidence)
                          is distinct from (excluded.coverage, excluded.version_id, excluded.evidence)
                    """, new { ownerId, area = c.Area, coverage = c.Coverage, version = string.IsNullOrEmpty(c.Version) ? DefaultVersion : c.Version, evidence = c.Evidence ?? "" }, tx);
        }
        return changed;
    }

    public static string CoverageLabel(string? coverage) => coverage switch
    {
        "full" => "Full",
        "partial" => "Partial",
        _ => "Not mapped",
    };
}
