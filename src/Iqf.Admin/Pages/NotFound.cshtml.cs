using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Iqf.Admin.Pages;

/// <summary>Shown for any error status without a body of its own (404 above all).</summary>
[IgnoreAntiforgeryToken]
public class NotFoundModel : PageModel
{
    public int Code { get; private set; } = 404;
    public string Heading => Code switch
    {
        404 => "Page not found",
        405 => "That action is not available here",
        400 => "Sorry, that request could not be understood",
        _ => "Sorry, there is a problem",
    };

    public void OnGet()
    {
        var feature = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        Code = feature is null ? 404 : HttpContext.Response.StatusCode;
        if (feature is null) Response.StatusCode = 404;
    }

    public void OnPost() => OnGet();
}
