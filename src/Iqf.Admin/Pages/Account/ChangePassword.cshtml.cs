using Iqf.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Iqf.Admin.Pages.Account;

public class ChangePasswordModel(UserManager<IqfUser> users, SignInManager<IqfUser> signIn) : PageModel
{
    public sealed class InputModel
    {
        public string? CurrentPassword { get; set; }
        public string? NewPassword { get; set; }
        public string? ConfirmPassword { get; set; }
    }

    [BindProperty] public InputModel Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(Input.CurrentPassword)) ModelState.AddModelError("Input.CurrentPassword", "Enter your current password");
        if (string.IsNullOrEmpty(Input.NewPassword)) ModelState.AddModelError("Input.NewPassword", "Enter a new password");
        else if (Input.NewPassword != Input.ConfirmPassword) ModelState.AddModelError("Input.ConfirmPassword", "The new passwords do not match");
        if (!ModelState.IsValid) return Page();

        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword!, Input.NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
                ModelState.AddModelError(e.Code == "PasswordMismatch" ? "Input.CurrentPassword" : "Input.NewPassword",
                    e.Code == "PasswordMismatch" ? "Your current password is not correct" : e.Description);
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        TempData["Success"] = "Your password has been changed";
        return RedirectToPage("/Index");
    }
}
