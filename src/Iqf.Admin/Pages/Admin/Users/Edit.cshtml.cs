using FluentValidation;
using Iqf.Admin.Security;
using Iqf.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Iqf.Admin.Pages.Admin.Users;

/// <summary>
/// One user: their display name and role, locking and unlocking their account, and setting a
/// new password. Every change goes through UserManager, in a transaction where it takes several
/// saves, so the history records it with the administrator as actor. An administrator cannot
/// take away their own administrator role or lock themselves out, so there is always one left.
/// </summary>
public class EditModel(UserManager<IqfUser> users, IqfDbContext db) : PageModel
{
    public sealed class DetailsInput
    {
        public string? DisplayName { get; set; }
        public string? Role { get; set; }
        /// <summary>Identity's concurrency stamp when the page was opened: a save over a newer change is refused.</summary>
        public string? Stamp { get; set; }
    }

    public sealed class DetailsValidator : AbstractValidator<DetailsInput>
    {
        public DetailsValidator()
        {
            RuleFor(x => x.DisplayName).DisplayName();
            RuleFor(x => x.Role).UserRole();
        }
    }

    public sealed class PasswordInput
    {
        public string? Password { get; set; }
        public bool Generate { get; set; }
    }

    public sealed class PasswordValidator : AbstractValidator<PasswordInput>
    {
        public PasswordValidator() => RuleFor(x => x.Password).PasswordUnless(x => x.Generate);
    }

    private static readonly DetailsValidator ValidateDetails = new();
    private static readonly PasswordValidator ValidatePassword = new();

    [BindProperty] public DetailsInput Details { get; set; } = new();
    [BindProperty] public PasswordInput NewPassword { get; set; } = new();

    public IqfUser Account { get; private set; } = null!;
    public IList<string> CurrentRoles { get; private set; } = [];
    public bool IsSelf { get; private set; }
    public string? LockedUntil => UserForms.LockedUntil(Account.LockoutEnd);
    public string? OneTimePassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        FillDetails();
        if (TempData[UserForms.OneTimePasswordKey(id)] is string password)
        {
            OneTimePassword = password;
            // The password is on this page only; no cache may keep a copy.
            Response.Headers.CacheControl = "no-store";
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        foreach (var e in ValidateDetails.Validate(Details).Errors) ModelState.AddModelError($"Details.{e.PropertyName}", e.ErrorMessage);
        if (IsSelf && CurrentRoles.Contains(Roles.Admin) && Details.Role is not null && Details.Role != Roles.Admin)
            ModelState.AddModelError("Details.Role", "You cannot remove your own administrator role; ask another administrator to do it");
        if (Details.Stamp != Account.ConcurrencyStamp)
            ModelState.AddModelError("", "Someone else changed this user after you opened this page; check the details above, which are now up to date, and save again");
        if (!ModelState.IsValid)
        {
            // Move the form on to the current version, keeping what was typed, so saving again after reading works.
            ModelState.Remove("Details.Stamp");
            Details.Stamp = Account.ConcurrencyStamp;
            return Page();
        }

        var role = Details.Role!;
        await using var tx = await db.Database.BeginTransactionAsync();
        Account.DisplayName = UserForms.Clean(Details.DisplayName);
        var result = await users.UpdateAsync(Account);
        var others = CurrentRoles.Where(r => r != role).ToList();
        if (result.Succeeded && others.Count > 0) result = await users.RemoveFromRolesAsync(Account, others);
        if (result.Succeeded && !CurrentRoles.Contains(role)) result = await users.AddToRoleAsync(Account, role);
        if (!result.Succeeded)
        {
            await tx.RollbackAsync();
            UserForms.AddErrors(ModelState, result, null, null);
            return Page();
        }
        await tx.CommitAsync();
        TempData["Success"] = $"Changes to {Account.Email} have been saved";
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostLockAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        FillDetails();
        if (IsSelf)
        {
            ModelState.AddModelError("", "You cannot lock your own account");
            return Page();
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = await users.SetLockoutEnabledAsync(Account, true);
        // No end date: locked until someone unlocks it. A new security stamp ends the sessions it has open.
        if (result.Succeeded) result = await users.SetLockoutEndDateAsync(Account, DateTimeOffset.MaxValue);
        if (result.Succeeded) result = await users.UpdateSecurityStampAsync(Account);
        if (!result.Succeeded)
        {
            await tx.RollbackAsync();
            UserForms.AddErrors(ModelState, result, null, null);
            return Page();
        }
        await tx.CommitAsync();
        TempData["Success"] = $"{Account.Email} is locked out until you unlock the account";
        return RedirectToPage("Edit", new { id });
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        FillDetails();
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = await users.SetLockoutEndDateAsync(Account, null);
        if (result.Succeeded) result = await users.ResetAccessFailedCountAsync(Account);
        if (!result.Succeeded)
        {
            await tx.RollbackAsync();
            UserForms.AddErrors(ModelState, result, null, null);
            return Page();
        }
        await tx.CommitAsync();
        TempData["Success"] = $"{Account.Email} can sign in again";
        return RedirectToPage("Edit", new { id });
    }

    public async Task<IActionResult> OnPostPasswordAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        FillDetails();
        foreach (var e in ValidatePassword.Validate(NewPassword).Errors) ModelState.AddModelError($"NewPassword.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var password = NewPassword.Generate ? FirstAdministrator.Generate() : NewPassword.Password!;
        // A reset token lets Identity check the new password before anything is saved, and save it in one step.
        var token = await users.GeneratePasswordResetTokenAsync(Account);
        var result = await users.ResetPasswordAsync(Account, token, password);
        if (!result.Succeeded)
        {
            UserForms.AddErrors(ModelState, result, null, "NewPassword.Password");
            return Page();
        }
        TempData["Success"] = $"{Account.Email} has a new password";
        if (NewPassword.Generate) TempData[UserForms.OneTimePasswordKey(id)] = password;
        return RedirectToPage("Edit", new { id });
    }

    private async Task<bool> LoadAsync(string id)
    {
        if (await users.FindByIdAsync(id) is not { } user) return false;
        Account = user;
        CurrentRoles = await users.GetRolesAsync(user);
        IsSelf = users.GetUserId(User) == user.Id;
        return true;
    }

    private void FillDetails() =>
        Details = new DetailsInput { DisplayName = Account.DisplayName, Role = UserAccounts.PrimaryRole(CurrentRoles), Stamp = Account.ConcurrencyStamp };
}
