using Dapper;
using FluentValidation;
using Iqf.Admin.Web.Records;
using Iqf.Data.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.CommonCore;

/// <summary>
/// Corrects an area's name and description in each version. Within a version a name belongs to
/// one area. Each wording carries its row version: if anyone changed either wording since the
/// form was opened, nothing is saved and their changes are shown.
/// </summary>
public class EditAreaModel(NpgsqlDataSource db, IValidator<AreaForm> validator) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public AreaForm Input { get; set; } = new();

    public short Number { get; private set; }
    public List<EditConflict.Change> Conflict { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        if (!await LoadNumberAsync(conn)) return NotFound();
        var names = (await Wordings.OfAsync(conn, Id)).ToDictionary(w => w.VersionId);
        Input = new AreaForm
        {
            LoadedAt = await EditConflict.NowAsync(conn),
            Wordings = (await Wordings.VersionsAsync(conn)).Select(v => names.TryGetValue(v.Id, out var n)
                ? new WordingForm { VersionId = v.Id, Code = v.Code, Name = n.Name, Description = n.Description, Version = n.RowVersion }
                : new WordingForm { VersionId = v.Id, Code = v.Code }).ToList(),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (!await LoadNumberAsync(conn)) return NotFound();
        // The versions come from the database: a posted wording for an unknown version is dropped,
        // and a version missing from the post is shown again, empty, to be filled in.
        var versions = await Wordings.VersionsAsync(conn);
        var posted = Input.Wordings.GroupBy(w => w.VersionId).ToDictionary(g => g.Key, g => g.First());
        Input.Wordings = versions.Select(v => posted.TryGetValue(v.Id, out var w) ? w : new WordingForm { VersionId = v.Id }).ToList();
        foreach (var (w, v) in Input.Wordings.Zip(versions)) w.Code = v.Code;
        ModelState.Clear();

        var result = await validator.ValidateAsync(Input);
        foreach (var e in result.Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        for (var i = 0; i < Input.Wordings.Count; i++)
        {
            var w = Input.Wordings[i];
            var holder = await conn.ExecuteScalarAsync<short?>("""
                select a.number from common_core_area_name n join common_core_area a on a.id = n.area_id
                where n.version_id = @VersionId and n.name = @name::citext and n.area_id <> @Id
                """, new { w.VersionId, name = w.Name!.Trim(), Id });
            if (holder is not null)
                ModelState.AddModelError($"Input.Wordings[{i}].Name", $"Area {holder} already has the name {w.Name.Trim()} in the {w.Code} wording: names are unique within a version");
        }
        if (!ModelState.IsValid) return Page();

        await using var tx = await conn.BeginTransactionAsync();
        await Actor.SetAsync(conn, tx, "user:" + User.Identity!.Name);
        for (var i = 0; i < Input.Wordings.Count; i++)
        {
            var w = Input.Wordings[i];
            var values = new { Id, w.VersionId, name = w.Name!.Trim(), description = string.IsNullOrWhiteSpace(w.Description) ? null : w.Description.Trim(), w.Version };
            try
            {
                // A wording that existed is updated only if it is still the row the editor saw;
                // one that did not is inserted, and someone else's insert meanwhile clashes on the key.
                var saved = w.Version == 0
                    ? await conn.ExecuteAsync("""
                        insert into common_core_area_name (area_id, version_id, name, description) values (@Id, @VersionId, @name, @description)
                        on conflict (area_id, version_id) do nothing
                        """, values, tx)
                    : await conn.ExecuteAsync("""
                        update common_core_area_name set name = @name, description = @description
                        where area_id = @Id and version_id = @VersionId and xmin::text::bigint = @Version
                        """, values, tx);
                if (saved == 0)
                {
                    await tx.RollbackAsync();
                    await ShowConflictAsync(conn);
                    return Page();
                }
            }
            catch (PostgresException e) when (e.SqlState is "23505" or "23514")
            {
                await tx.RollbackAsync();
                EditConflict.AddDatabaseError(ModelState, e, new Dictionary<string, (string, string)>
                {
                    ["common_core_area_name_version_id_name_key"] = ($"Input.Wordings[{i}].Name", $"Another area was given the name {values.name} in the {w.Code} wording a moment ago"),
                    ["common_core_area_name_name_check"] = ($"Input.Wordings[{i}].Name", $"Enter the area's name in the {w.Code} wording"),
                });
                return Page();
            }
        }
        await tx.CommitAsync();
        TempData["Success"] = $"Saved the wording of area {Number}";
        return Redirect(next == "continue" ? $"/CommonCore/EditArea/{Id}" : $"/CommonCore/Details/{Id}");
    }

    private async Task<bool> LoadNumberAsync(NpgsqlConnection conn)
    {
        var number = await conn.ExecuteScalarAsync<short?>("select number from common_core_area where id = @Id", new { Id });
        Number = number ?? 0;
        return number is not null;
    }

    /// <summary>
    /// Someone changed a wording after the editor opened the form. Show what they changed, keep
    /// the editor's values in the form, and move the row versions on so that saving again, after
    /// reading, applies the editor's values on top.
    /// </summary>
    private async Task ShowConflictAsync(NpgsqlConnection conn)
    {
        Conflict = (await conn.QueryAsync<EditConflict.Change>("""
            select h.occurred_at as "OccurredAt", h.actor as "Actor",
                   v.code || ' ' || case when h.operation = 'U' then f else 'wording ' || case h.operation when 'I' then 'added' else 'removed' end end as "What",
                   case when h.operation = 'U' then h.after ->> f else coalesce(h.after, h.before) ->> 'name' end as "Theirs"
            from history h
            join common_core_version v on v.id = (h.row_key ->> 'version_id')::smallint
            cross join lateral unnest(case when h.operation = 'U' then h.changed_fields else array['name'] end) f
            where h.table_name = 'common_core_area_name' and h.row_key @> jsonb_build_object('area_id', @Id) and h.occurred_at >= @since
            order by h.id
            """, new { Id, since = DateTimeOffset.FromUnixTimeMilliseconds(Input.LoadedAt) })).ToList();
        var current = (await Wordings.OfAsync(conn, Id)).ToDictionary(w => w.VersionId);
        for (var i = 0; i < Input.Wordings.Count; i++)
        {
            Input.Wordings[i].Version = current.TryGetValue(Input.Wordings[i].VersionId, out var c) ? c.RowVersion : 0;
            ModelState.Remove($"Input.Wordings[{i}].Version");
        }
        EditConflict.AddConflictError(ModelState, "area");
    }
}
