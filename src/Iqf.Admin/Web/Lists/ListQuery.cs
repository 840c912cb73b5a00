using Microsoft.AspNetCore.WebUtilities;

namespace Iqf.Admin.Web.Lists;

/// <summary>
/// The page-and-sort part of every list's query string. Filters live in each list's own query
/// type; this builds links that keep them all, so a list view is bookmarkable and survives a
/// round trip through an edit page.
/// </summary>
public static class ListLinks
{
    public const int PageSize = 50;

    /// <summary>The current query string with some values replaced (null removes a key).</summary>
    public static string With(HttpRequest request, params (string Key, string? Value)[] changes)
    {
        var values = request.Query.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            if (string.IsNullOrEmpty(value)) values.Remove(key);
            else values[key] = value;
        }
        var kept = values.Where(kv => !string.IsNullOrEmpty(kv.Value)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value));
        return QueryHelpers.AddQueryString(request.Path, kept);
    }

    /// <summary>
    /// Where an edit form goes after saving, by the button pressed: "continue" back to the same
    /// record's form, "another" to a blank form, otherwise to the list the person came from (or the
    /// record's page). The list's address travels along so its filters survive.
    /// </summary>
    public static string AfterSave(string kindPath, long id, string? next, string? returnUrl)
    {
        var back = SafeReturnUrl(returnUrl);
        var carry = back is null ? "" : "?returnUrl=" + Uri.EscapeDataString(back);
        return next switch
        {
            "continue" => $"{kindPath}/Edit/{id}{carry}",
            "another" => $"{kindPath}/Edit{carry}",
            _ => back ?? $"{kindPath}/Details/{id}",
        };
    }

    /// <summary>A return address is only ever a path on this site.</summary>
    public static string? SafeReturnUrl(string? url) =>
        url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : null;
}

public sealed record Pagination(int Page, int TotalItems, int PageSize = ListLinks.PageSize)
{
    public int TotalPages => Math.Max(1, (TotalItems + PageSize - 1) / PageSize);
    public int FirstItem => TotalItems == 0 ? 0 : (Page - 1) * PageSize + 1;
    public int LastItem => Math.Min(Page * PageSize, TotalItems);

    /// <summary>Pages to show: first, last, and two either side of the current one, with gaps.</summary>
    public IEnumerable<int?> Window()
    {
        int? previous = null;
        for (var p = 1; p <= TotalPages; p++)
        {
            if (p == 1 || p == TotalPages || Math.Abs(p - Page) <= 2)
            {
                if (previous is not null && p - previous > 1) yield return null;
                yield return p;
                previous = p;
            }
        }
    }
}
