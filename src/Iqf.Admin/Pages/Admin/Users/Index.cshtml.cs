using Iqf.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Admin.Pages.Admin.Users;

/// <summary>Everyone who can sign in, with their roles and whether they are locked out.</summary>
public class IndexModel(IqfDbContext db) : PageModel
{
    public sealed record Row(string Id, string? Email, string? DisplayName, List<string> Roles, DateTimeOffset? LockoutEnd, DateTimeOffset CreatedAt);

    public List<Row> Users { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Users = await db.Users.AsNoTracking()
            .OrderBy(u => u.NormalizedEmail).ThenBy(u => u.Id)
            .Select(u => new Row(u.Id, u.Email, u.DisplayName,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).OrderBy(n => n).ToList(),
                u.LockoutEnd, u.CreatedAt))
            .ToListAsync();
    }
}
