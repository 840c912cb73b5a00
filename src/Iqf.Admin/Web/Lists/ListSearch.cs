using Microsoft.AspNetCore.Mvc;

namespace Iqf.Admin.Web.Lists;

/// <summary>
/// The part of every list's query string that is the same for all kinds: free-text search,
/// current/archived/all, sort column and direction, page. Each kind's search adds its filters
/// and SQL; values that make no sense are reset here rather than reaching the SQL.
/// </summary>
public abstract class ListSearch
{
    public string? Q { get; set; }
    /// <summary>active (default), archived or all.</summary>
    public string? Show { get; set; }
    public string? Sort { get; set; }
    public string? Dir { get; set; }
    // "page" is also Razor Pages' own route value (the page path), so the number must come from the query string.
    [FromQuery(Name = "page")] public int Page { get; set; } = 1;

    /// <summary>Problems with values that came in the query string; those filters are not applied.</summary>
    public List<(string Field, string Message)> Problems { get; } = [];

    /// <summary>Sort keys by name: SQL expressions over the list's table alias.</summary>
    protected abstract IReadOnlyDictionary<string, string> Sorts { get; }
    protected abstract string DefaultSort { get; }

    protected void ValidateCommon()
    {
        if (Show is not (null or "active" or "archived" or "all")) Show = null;
        if (Sort is null || !Sorts.ContainsKey(Sort)) Sort = DefaultSort;
        if (Dir is not ("asc" or "desc")) Dir = "asc";
        if (Page < 1) Page = 1;
        Q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim();
        if (Q is { Length: > 200 }) Q = Q[..200];
    }

    /// <summary>The archived condition for the list's alias (" and ..." or nothing for all).</summary>
    protected string ArchivedClause(string alias) => (Show ?? "active") switch
    {
        "active" => $" and {alias}.archived_at is null",
        "archived" => $" and {alias}.archived_at is not null",
        _ => "",
    };

    /// <summary>The sort key expression and the direction.</summary>
    public (string Key, string Direction) Order() => (Sorts[Sort ?? DefaultSort], Dir == "desc" ? "desc" : "asc");

    /// <summary>Text for a LIKE pattern, with its wildcards taken literally.</summary>
    public static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
