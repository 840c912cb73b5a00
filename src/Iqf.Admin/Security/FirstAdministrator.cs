using System.Security.Cryptography;
using Iqf.Data;
using Microsoft.AspNetCore.Identity;

namespace Iqf.Admin.Security;

/// <summary>
/// Makes sure the four roles exist and, when nobody can sign in yet, creates an administrator:
/// IQF_ADMIN_EMAIL (default admin@iqf.local) with IQF_ADMIN_PASSWORD, or a generated password
/// printed this once.
/// </summary>
public static class FirstAdministrator
{
    public static async Task EnsureAsync(IServiceProvider root, TextWriter output)
    {
        using var scope = root.CreateScope();
        await EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IqfUser>>();
        if (users.Users.Any()) return;

        var email = Environment.GetEnvironmentVariable("IQF_ADMIN_EMAIL") is { Length: > 0 } e ? e : "admin@iqf.local";
        var given = Environment.GetEnvironmentVariable("IQF_ADMIN_PASSWORD");
        var password = string.IsNullOrEmpty(given) ? Generate() : given;
        var user = new IqfUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator", CreatedAt = DateTimeOffset.UtcNow };
        Check(await users.CreateAsync(user, password), $"create the first administrator {email}");
        Check(await users.AddToRoleAsync(user, Roles.Admin), "make the first user an administrator");
        output.WriteLine(string.IsNullOrEmpty(given)
            ? $"Created the first administrator {email} with the one-time password: {password}\n(It is not shown again; change it after signing in.)"
            : $"Created the first administrator {email} with the password in IQF_ADMIN_PASSWORD.");
    }

    /// <summary>Creates whichever of the four roles is missing (also used by `iqf users add`).</summary>
    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
    }

    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new Data.Database.SettingsException($"could not {what}: {string.Join("; ", result.Errors.Select(x => x.Description))}");
    }
}
