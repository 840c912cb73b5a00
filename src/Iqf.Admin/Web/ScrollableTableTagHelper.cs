using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Iqf.Admin.Web;

/// <summary>
/// Makes every <c>&lt;div class="app-table-wrap"&gt;</c> (the container that lets a wide table
/// scroll sideways on a narrow screen) usable from the keyboard: a region a person can Tab to
/// and scroll with the arrow keys (WCAG 2.1.1; axe rule scrollable-region-focusable), named
/// after the table's caption so a screen reader says what it is. Pages need nothing more than
/// the class.
/// </summary>
[HtmlTargetElement("div", Attributes = "[class^=app-table-wrap]")]
public sealed partial class ScrollableTableTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var classes = output.Attributes["class"]?.Value?.ToString()?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (!classes.Contains("app-table-wrap")) return;

        var content = (await output.GetChildContentAsync()).GetContent();
        if (!output.Attributes.ContainsName("role")) output.Attributes.SetAttribute("role", "region");
        if (!output.Attributes.ContainsName("tabindex")) output.Attributes.SetAttribute("tabindex", "0");
        if (!output.Attributes.ContainsName("aria-label") && !output.Attributes.ContainsName("aria-labelledby"))
            output.Attributes.SetAttribute("aria-label", CaptionOf(content) ?? "Table");
        output.Content.SetHtmlContent(content);
    }

    /// <summary>The plain text of the first table caption in <paramref name="html"/>, or null.</summary>
    public static string? CaptionOf(string html)
    {
        var match = Caption().Match(html);
        if (!match.Success) return null;
        var text = WebUtility.HtmlDecode(Tags().Replace(match.Groups[1].Value, " "));
        text = Spaces().Replace(text, " ").Trim();
        return text.Length == 0 ? null : text;
    }

    [GeneratedRegex("<caption\\b[^>]*>(.*?)</caption>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
