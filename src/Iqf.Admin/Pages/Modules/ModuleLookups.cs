using System.Data.Common;
using Dapper;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Iqf.Admin.Pages.Modules;

/// <summary>The reference lists the module pages offer.</summary>
public static class ModuleLookups
{
    private sealed record LevelOption(int Id, string Framework, string Code, string Name);

    /// <summary>
    /// Every level of every current framework, grouped by framework (one optgroup each) in
    /// ordinal order, plus <paramref name="currentLevelId"/> even if its framework was archived,
    /// so a record's level is never lost from the list.
    /// </summary>
    public static async Task<List<SelectListItem>> LevelsAsync(DbConnection conn, int? currentLevelId)
    {
        var levels = await conn.QueryAsync<LevelOption>("""
            select l.id as "Id", f.code::text as "Framework", l.code::text as "Code", l.name as "Name"
            from level l join level_framework f on f.id = l.framework_id
            where (f.archived_at is null and l.archived_at is null) or l.id = @currentLevelId
            order by f.id, l.ordinal
            """, new { currentLevelId });
        var groups = new Dictionary<string, SelectListGroup>();
        return levels.Select(l => new SelectListItem(LevelText(l.Framework, l.Code, l.Name), l.Id.ToString())
        {
            Group = groups.TryGetValue(l.Framework, out var g) ? g : groups[l.Framework] = new SelectListGroup { Name = l.Framework },
        }).ToList();
    }

    /// <summary>"RQF Level 3", "QCF Entry 1", or for frameworks whose levels have names of their own, "NHS-CF 2: Support workers".</summary>
    public static string LevelText(string framework, string code, string name) =>
        name == $"Level {code}" || (code.StartsWith("Entry") && name.StartsWith("Entry")) ? $"{framework} {name}" : $"{framework} {code}: {name}";
}
