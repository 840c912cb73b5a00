using System.Text.Json;
using Dapper;
using Iqf.Admin.Web.Records;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.CommonCore;

/// <summary>Who changed an area's wording, when and how, version by version.</summary>
public class HistoryModel(NpgsqlDataSource db) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public short Number { get; private set; }
    public RecordHistory.View View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var number = await conn.ExecuteScalarAsync<short?>("select number from common_core_area where id = @Id", new { Id });
        if (number is null) return NotFound();
        Number = number.Value;
        var view = await RecordHistory.LoadAsync(conn, "common_core_area", Id, "area_id", ["common_core_area_name"]);
        var versions = (await Wordings.VersionsAsync(conn)).ToDictionary(v => v.Id.ToString(), v => v.Code);
        // The shared partial names a child row by its table; a wording is better named by its
        // version ("Changed 2010 wording"), since an update lists only the fields that changed.
        var named = view.Entries.Select(e => e.TableName != "common_core_area_name" ? e : new RecordHistory.Entry
        {
            Id = e.Id, OccurredAt = e.OccurredAt, Actor = e.Actor, Operation = e.Operation, Before = e.Before, After = e.After,
            ChangedFields = e.ChangedFields, TableName = $"{VersionOf(e.After ?? e.Before, versions)} wording",
        }).ToList();
        View = view with { Entries = named, ValueLabels = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["version_id"] = versions } };
        return Page();
    }

    private static string VersionOf(string? json, Dictionary<string, string> versions) =>
        json is not null && JsonDocument.Parse(json).RootElement.TryGetProperty("version_id", out var v) && versions.TryGetValue(v.GetRawText(), out var code)
            ? code : "";
}
