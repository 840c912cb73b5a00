using System.Text.RegularExpressions;
using Iqf.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Security;

/// <summary>
/// Adding a user, the same way from the Users pages and from `iqf users add`: the email rule,
/// then Identity's own rules (password length, unique name), then the user and their one role
/// written together or not at all.
/// </summary>
public static partial class UserAccounts
{
    /// <summary>The users.email and users.user_name columns are varchar(256).</summary>
    public const int EmailMaxLength = 256;
    public const int DisplayNameMaxLength = 100;
    public const string DuplicateEmailCode = "DuplicateEmail";

    /// <summary>
    /// Why <paramref name="email"/> cannot be a user's email address, or null when it can. Identity
    /// on its own accepts anything with one @ in it ("a@b", "a b@c"), and then refuses some of those
    /// as user names with a message about letters and digits; this says what is wrong instead. The
    /// characters before the @ are the ones Identity allows in a user name, since the email is the
    /// user name here.
    /// </summary>
    public static string? EmailProblem(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return "Enter an email address";
        if (email.Length > EmailMaxLength) return $"Email address must be {EmailMaxLength} characters or fewer";
        return EmailPattern().IsMatch(email) ? null : "Enter an email address in the correct format, like name@example.com";
    }

    [GeneratedRegex(@"^[A-Za-z0-9_+-]+(\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();

    /// <summary>
    /// Creates the user with <paramref name="password"/> and <paramref name="role"/> in one
    /// transaction (creating any missing role first). Fails, writing nothing, when the email is
    /// taken (code <see cref="DuplicateEmailCode"/>) or Identity refuses the password or the name.
    /// The caller has checked <see cref="EmailProblem"/> and that the role is one of <see cref="Roles.All"/>.
    /// </summary>
    public static async Task<(IdentityResult Result, IqfUser? User)> CreateAsync(UserManager<IqfUser> users, RoleManager<IdentityRole> roles,
        IqfDbContext db, string email, string? displayName, string role, string password)
    {
        if (!Roles.All.Contains(role)) throw new ArgumentOutOfRangeException(nameof(role), role, "not one of the four roles");
        if (await users.FindByEmailAsync(email) is not null || await users.FindByNameAsync(email) is not null)
            return (Duplicate(email), null);

        // UserManager saves after each step; the transaction makes the steps one change.
        await using var tx = await db.Database.BeginTransactionAsync();
        try
        {
            await FirstAdministrator.EnsureRolesAsync(roles);
            var user = new IqfUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = DateTimeOffset.UtcNow,
            };
            var result = await users.CreateAsync(user, password);
            if (result.Succeeded) result = await users.AddToRoleAsync(user, role);
            if (!result.Succeeded)
            {
                await tx.RollbackAsync();
                return (result, null);
            }
            await tx.CommitAsync();
            return (IdentityResult.Success, user);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone added the same email between the check above and the insert.
            await tx.RollbackAsync();
            return (Duplicate(email), null);
        }
    }

    private static IdentityResult Duplicate(string email) =>
        IdentityResult.Failed(new IdentityError { Code = DuplicateEmailCode, Description = $"A user with the email address {email} already exists" });

    /// <summary>The role a user's page shows and edits: their highest, when (unusually) they have several.</summary>
    public static string? PrimaryRole(IEnumerable<string> roles)
    {
        var held = roles.ToList();
        return Roles.All.FirstOrDefault(r => held.Contains(r, StringComparer.OrdinalIgnoreCase));
    }
}
