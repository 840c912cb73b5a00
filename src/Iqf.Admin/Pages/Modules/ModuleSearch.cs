using System.Text;
using Dapper;
using Iqf.Admin.Web.Lists;
using Iqf.Domain;

namespace Iqf.Admin.Pages.Modules;

/// <summary>The module list's filters as they appear in the query string, and the SQL they make.</summary>
public sealed class ModuleSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "code";

    /// <summary>A level code (Entry, Entry 1 to Entry 3, 1 to 8, in any common spelling), or "none" for modules without a level.</summary>
    public string? Level { get; set; }
    /// <summary>A level framework's code; with <see cref="Level"/> it narrows the level to that framework.</summary>
    public string? Framework { get; set; }
    /// <summary>shared (in two or more qualifications), single (in exactly one) or unused (in none).</summary>
    public string? Use { get; set; }
    /// <summary>any (mapped to at least one area), none (to no area), or an area number 1 to 6.</summary>
    public string? Cc { get; set; }

    // Text sorts on byte order of folded text, as the other lists do: case- and accent-insensitive.
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["code"] = "m.code_search collate \"C\"",
        ["title"] = "m.title_search collate \"C\"",
        // Not levelled sorts below every level (Entry 1 is -3), whichever the direction.
        ["level"] = "coalesce((select l.ordinal from level l where l.id = m.level_id), -10)",
        // From the counts joined in by SortJoin: one pass over qualification_module, not a count per module.
        ["qualifications"] = "coalesce(uses.n, 0)",
        ["updated"] = "m.updated_at",
    };

    public static readonly IReadOnlyList<(string Value, string Label)> Uses =
        [("shared", "Shared (in 2 or more qualifications)"), ("single", "In one qualification"), ("unused", "In no qualification")];

    /// <summary>What the sort key needs joined to the module (alias m) when the list is found; empty for most sorts.</summary>
    public string SortJoin => Sort == "qualifications"
        ? "left join (select module_id, count(*) as n from qualification_module group by module_id) uses on uses.module_id = m.id"
        : "";

    public short? Area => short.TryParse(Cc, out var a) && a is >= 1 and <= 6 ? a : null;

    public void Validate(IReadOnlyCollection<string> frameworkCodes)
    {
        if (Framework is not null && !frameworkCodes.Contains(Framework, StringComparer.OrdinalIgnoreCase)) { Problems.Add(("Framework", $"There is no level framework called {Framework}")); Framework = null; }
        if (Level is not null && !Level.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            var codes = LevelSpelling.Parse(Level);
            if (codes is not { Count: 1 }) { Problems.Add(("Level", $"{Level} is not a level: use Entry, Entry 1 to Entry 3, or 1 to 8")); Level = null; }
            else Level = codes[0];
        }
        else if (Level is not null) Level = "none";
        if (Use is not (null or "shared" or "single" or "unused")) { Problems.Add(("Use", $"Choose shared, in one or in no qualification, not {Use}")); Use = null; }
        if (Cc is not null && Cc is not ("any" or "none") && Area is null) { Problems.Add(("Cc", $"Choose any area, no area or an area from 1 to 6, not {Cc}")); Cc = null; }
        ValidateCommon();
    }

    /// <summary>The WHERE clause over alias m (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        sql.Append(ArchivedClause("m"));
        if (Q is not null)
        {
            // Both folded columns have trigram indexes (title_search from 0007, code_search from 0008).
            sql.Append(" and (m.title_search like '%' || search_text(@q) || '%' or m.code_search like '%' || search_text(@q) || '%')");
            p.Add("q", EscapeLike(Q));
        }
        if (Level == "none") sql.Append(" and m.level_id is null");
        else if (Level is not null || Framework is not null)
        {
            sql.Append(" and m.level_id in (select level_id from level_lookup where true"
                       + (Level is null ? "" : " and level_code = @level::citext")
                       + (Framework is null ? "" : " and framework_code = @framework::citext") + ")");
            if (Level is not null) p.Add("level", Level);
            if (Framework is not null) p.Add("framework", Framework);
        }
        // Set-wise (one pass over the links, joined by hash) rather than a subquery per module.
        switch (Use)
        {
            case "shared": sql.Append(" and m.id in (select module_id from qualification_module group by module_id having count(*) > 1)"); break;
            case "single": sql.Append(" and m.id in (select module_id from qualification_module group by module_id having count(*) = 1)"); break;
            case "unused": sql.Append(" and not exists (select 1 from qualification_module qm where qm.module_id = m.id)"); break;
        }
        if (Cc == "any") sql.Append(" and exists (select 1 from module_common_core mc where mc.module_id = m.id)");
        else if (Cc == "none") sql.Append(" and not exists (select 1 from module_common_core mc where mc.module_id = m.id)");
        else if (Area is { } area)
        {
            sql.Append(" and m.id in (select mc.module_id from module_common_core mc join common_core_area a on a.id = mc.area_id where a.number = @area)");
            p.Add("area", area);
        }
        return (sql.ToString(), p);
    }

    public bool AnyFilter => Q is not null || Level is not null || Framework is not null || Use is not null || Cc is not null || Show is "archived" or "all";
}
