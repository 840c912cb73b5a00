using Dapper;
using Iqf.Admin.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Iqf.Admin.Pages.Modules;

/// <summary>
/// Suggestions for a module code box (the qualification editor's "add a module"): GET
/// /Modules/Lookup?q=... gives JSON <c>[{"code","title","level"}]</c>, at most 20 current
/// modules whose code starts with what was typed or whose title contains every word of it,
/// code matches first. Any signed-in role may ask: it shows no more than the module list does.
/// </summary>
public class LookupModel(NpgsqlDataSource db) : PageModel
{
    public const int MaxResults = 20;
    /// <summary>Title words shorter than this are not matched on their own: they are in too many titles to help (and no trigram index can find them).</summary>
    public const int MinWordLength = 3;

    public sealed record Suggestion(string Code, string Title, string? Level);

    public async Task<IActionResult> OnGetAsync(string? q, CancellationToken ct)
    {
        var query = (q ?? "").Trim();
        if (query.Length > 100) query = query[..100];
        if (query.Length == 0) return new JsonResult(Array.Empty<Suggestion>());

        var words = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length >= MinWordLength).Distinct(StringComparer.OrdinalIgnoreCase).Take(5).ToList();
        var p = new DynamicParameters(new { prefix = ListSearch.EscapeLike(query), limit = MaxResults });
        // Every word must be in the title; each LIKE is served by the trigram index on title_search.
        var titleMatch = words.Count == 0 ? "false" : string.Join(" and ", words.Select((w, i) =>
        {
            p.Add($"w{i}", ListSearch.EscapeLike(w));
            return $"m.title_search like '%' || search_text(@w{i}) || '%'";
        }));
        await using var conn = await db.OpenConnectionAsync(ct);
        // Code matches in code order (an exact code is a prefix of the others, so it comes first),
        // then title matches in title order; code_search has a trigram index too (0008).
        var rows = await conn.QueryAsync<Suggestion>(new CommandDefinition($"""
            with by_code as (
              select m.id, 0 as rank, m.code_search as sort_key from module m
              where m.archived_at is null and m.code_search like search_text(@prefix) || '%'
              order by m.code_search collate "C" limit @limit
            ), by_title as (
              select m.id, 1 as rank, m.title_search as sort_key from module m
              where m.archived_at is null and {titleMatch} and m.id not in (select id from by_code)
              order by m.title_search collate "C" limit @limit
            ), found as (
              select * from by_code union all select * from by_title
            )
            select m.code::text as "Code", m.title as "Title", l.framework_code || ' ' || l.level_code as "Level"
            from found f join module m on m.id = f.id left join level_lookup l on l.level_id = m.level_id
            order by f.rank, f.sort_key collate "C"
            limit @limit
            """, p, cancellationToken: ct));
        // Suggestions change as modules are edited; a browser must not reuse an old answer.
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(rows.Select(r => new { code = r.Code, title = r.Title, level = r.Level }));
    }
}
