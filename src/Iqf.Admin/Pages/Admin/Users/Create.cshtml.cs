using FluentValidation;
using Iqf.Admin.Security;
using Iqf.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Iqf.Admin.Pages.Admin.Users;

/// <summary>Adds a user with one role and a password the administrator types or has generated.</summary>
public class CreateModel(UserManager<IqfUser> users, RoleManager<IdentityRole> roles, IqfDbContext db) : PageModel
{
    public sealed class InputModel
    {
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
        public string? Role { get; set; }
        public string? Password { get; set; }
        public bool GeneratePassword { get; set; }
    }

    public sealed class InputValidator : AbstractValidator<InputModel>
    {
        public InputValidator()
        {
            RuleFor(x => x.Email).Custom((email, ctx) =>
            {
                if (UserAccounts.EmailProblem(email?.Trim()) is { } problem) ctx.AddFailure(problem);
            });
            RuleFor(x => x.DisplayName).DisplayName();
            RuleFor(x => x.Role).UserRole();
            RuleFor(x => x.Password).PasswordUnless(x => x.GeneratePassword);
        }
    }

    private static readonly InputValidator Validator = new();

    [BindProperty] public InputModel Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        foreach (var e in Validator.Validate(Input).Errors) ModelState.AddModelError($"Input.{e.PropertyName}", e.ErrorMessage);
        if (!ModelState.IsValid) return Page();

        var email = Input.Email!.Trim();
        var password = Input.GeneratePassword ? FirstAdministrator.Generate() : Input.Password!;
        var (result, user) = await UserAccounts.CreateAsync(users, roles, db, email, UserForms.Clean(Input.DisplayName), Input.Role!, password);
        if (!result.Succeeded)
        {
            UserForms.AddErrors(ModelState, result, "Input.Email", "Input.Password");
            return Page();
        }

        TempData["Success"] = $"{email} has been added as {UserForms.RoleName(Input.Role!).ToLowerInvariant()}";
        if (Input.GeneratePassword) TempData[UserForms.OneTimePasswordKey(user!.Id)] = password;
        return RedirectToPage("Edit", new { id = user!.Id });
    }
}
