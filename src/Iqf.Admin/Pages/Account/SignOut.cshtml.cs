using Iqf.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Iqf.Admin.Pages.Account;

/// <summary>Signing out is a POST (with anti-forgery), so another site cannot sign people out.</summary>
public class SignOutModel(SignInManager<IqfUser> signIn) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return RedirectToPage("/Account/SignIn");
    }
}
