using FluentValidation;
using Iqf.Admin.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Iqf.Admin.Pages.Admin.Users;

/// <summary>What the Users pages share: role choices, the field rules, and where Identity's refusals are shown.</summary>
public static class UserForms
{
    public static readonly IReadOnlyList<SelectListItem> RoleItems =
    [
        new("Administrator – everything, including users", Roles.Admin),
        new("Editor – adds and changes records, runs reports", Roles.Editor),
        new("Planner – reads records and runs reports", Roles.Planner),
        new("Viewer – reads records", Roles.Viewer),
    ];

    public static string RoleName(string role) => role switch
    {
        Roles.Admin => "Administrator", Roles.Editor => "Editor", Roles.Planner => "Planner", Roles.Viewer => "Viewer", _ => role,
    };

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>"until ..." for a locked account (by an administrator, or after failed sign-ins); null when it is not locked.</summary>
    public static string? LockedUntil(DateTimeOffset? end) =>
        end is not { } e || e <= DateTimeOffset.UtcNow ? null
        : e.Year >= 9999 ? "until an administrator unlocks it"
        : "until " + e.UtcDateTime.ToString("d MMM yyyy HH:mm") + " UTC";

    public static IRuleBuilderOptions<T, string?> UserRole<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(r => r is not null && Roles.All.Contains(r)).WithMessage("Select a role");

    public static IRuleBuilderOptions<T, string?> DisplayName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is null || n.Trim().Length <= UserAccounts.DisplayNameMaxLength)
            .WithMessage($"Display name must be {UserAccounts.DisplayNameMaxLength} characters or fewer");

    /// <summary>A typed password is needed unless one is to be generated; Identity then judges it.</summary>
    public static IRuleBuilderOptions<T, string?> PasswordUnless<T>(this IRuleBuilder<T, string?> rule, Func<T, bool> generate) =>
        rule.NotEmpty().When(x => !generate(x)).WithMessage("Enter a password, or tick the box to have one generated");

    /// <summary>Identity's refusals under the field they are about (password rules, a taken email), the rest above the form.</summary>
    public static void AddErrors(ModelStateDictionary state, IdentityResult result, string? emailKey, string? passwordKey)
    {
        foreach (var e in result.Errors)
        {
            var key = e.Code.StartsWith("Password", StringComparison.Ordinal) ? passwordKey
                : e.Code is UserAccounts.DuplicateEmailCode or "DuplicateUserName" or "InvalidEmail" or "InvalidUserName" ? emailKey
                : null;
            state.AddModelError(key ?? "", e.Code == "ConcurrencyFailure"
                ? "Someone else changed this user while you were working on it; check the page and try again"
                : e.Description);
        }
    }

    /// <summary>
    /// TempData key of a generated password, shown once on the user's page after the redirect.
    /// TempData lives in a cookie encrypted with the site's Data Protection keys and is deleted
    /// once read, so the password is neither stored on the server nor shown twice; redirecting
    /// (rather than showing it in the POST's answer) means refreshing cannot add the user again.
    /// </summary>
    public static string OneTimePasswordKey(string userId) => "OneTimePassword:" + userId;
}
