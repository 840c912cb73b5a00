using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Iqf.Admin.Security;

/// <summary>
/// Who may open which page, decided once, here, from where the page lives and what it is called,
/// so a new page gets the right protection without anyone remembering to add it:
/// <list type="bullet">
/// <item>/Account/SignIn, /Account/AccessDenied and /Error are open to everyone;</item>
/// <item>everything under /Admin needs an administrator;</item>
/// <item>pages that change records (Create, Edit, Archive, Restore, Bulk, Review...) need an editor,
/// and Delete (hard delete) an administrator;</item>
/// <item>everything under /Import (uploading files that change records) needs an editor;</item>
/// <item>everything under /Reports, and Export pages, need a planner;</item>
/// <item>every other page needs a signed-in user with any role.</item>
/// </list>
/// </summary>
public sealed class PageAccessConvention : IPageApplicationModelConvention
{
    public static readonly string[] Anonymous = ["/Account/SignIn", "/Account/AccessDenied", "/Error", "/NotFound"];
    private static readonly string[] EditPrefixes = ["Create", "Edit", "Archive", "Restore", "Bulk", "Review", "Import"];

    public static string? PolicyFor(string viewEnginePath)
    {
        if (Anonymous.Contains(viewEnginePath, StringComparer.OrdinalIgnoreCase)) return null;
        var name = viewEnginePath[(viewEnginePath.LastIndexOf('/') + 1)..];
        if (viewEnginePath.StartsWith("/Admin/", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Delete", StringComparison.Ordinal))
            return Roles.Policies.Administer;
        if (EditPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) || viewEnginePath.StartsWith("/Import/", StringComparison.OrdinalIgnoreCase))
            return Roles.Policies.Edit;
        if (viewEnginePath.StartsWith("/Reports/", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Export", StringComparison.Ordinal))
            return Roles.Policies.Report;
        return Roles.Policies.Read;
    }

    public void Apply(PageApplicationModel model)
    {
        var policy = PolicyFor(model.ViewEnginePath);
        if (policy is null) model.EndpointMetadata.Add(new AllowAnonymousAttribute());
        else model.EndpointMetadata.Add(new AuthorizeAttribute(policy));
    }
}
