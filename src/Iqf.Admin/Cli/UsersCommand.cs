using System.Text;
using Iqf.Admin.Security;
using Iqf.Admin.Web;
using Iqf.Data;
using Iqf.Data.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Console;

namespace Iqf.Admin.Cli;

/// <summary>
/// `iqf users add EMAIL --role ROLE`, with the password on standard input (one line) so it never
/// appears in the process list or the shell history. The user is made through the site's own
/// Identity services (WebHost.Build, never started), so the password and name rules are the site's.
/// </summary>
public static class UsersCommand
{
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length == 0) throw new UsageException("'users' needs a subcommand: add");
        if (args[0] != "add") throw new UsageException($"'users' has no subcommand '{args[0]}'");
        var (email, role) = ParseAdd(args[1..]);

        var password = ReadPassword(input, error, email);
        if (string.IsNullOrEmpty(password))
            throw new InvalidInputException("no password on standard input; give it as one line, for example: echo 'a long password' | iqf users add ...");
        if (UserAccounts.EmailProblem(email) is { } problem)
            throw new InvalidInputException($"'{email}' cannot be used: {Lower(problem)}");

        var cs = await DatabaseSettings.FromEnvironment().ConnectAsync(output);
        var pending = (await new MigrationRunner(cs).StatusAsync()).Pending;
        if (pending.Count > 0)
            throw new MigrationException($"the database is not migrated ({pending.Count} pending); run `iqf migrate` first");

        await using var app = WebHost.Build(cs, "http://127.0.0.1:0", b =>
        {
            b.Services.AddSingleton(new OutsideRequestActor(Actor.Cli()));
            // Standard output is for the result; anything the framework has to say goes to standard error.
            b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var (result, _) = await UserAccounts.CreateAsync(services.GetRequiredService<UserManager<IqfUser>>(),
            services.GetRequiredService<RoleManager<IdentityRole>>(), services.GetRequiredService<IqfDbContext>(),
            email, displayName: null, role, password);
        if (!result.Succeeded)
        {
            var errors = result.Errors.ToList();
            var why = string.Join(" ", errors.Select(e => e.Description));
            throw new InvalidInputException(errors.All(e => e.Code.StartsWith("Password", StringComparison.Ordinal))
                ? $"the password was refused: {why}"
                : errors.Any(e => e.Code == UserAccounts.DuplicateEmailCode) ? Lower(why) : $"the user was refused: {why}");
        }
        output.WriteLine($"Added {email} with the role {role}.");
        return IqfCommand.Ok;
    }

    private static (string Email, string Role) ParseAdd(string[] rest)
    {
        string? email = null, role = null;
        for (var i = 0; i < rest.Length; i++)
        {
            var a = rest[i];
            string? value;
            if (a == "--role")
            {
                if (i + 1 >= rest.Length) throw new UsageException("'--role' needs a value: admin, editor, planner or viewer");
                value = rest[++i];
            }
            else if (a.StartsWith("--role=", StringComparison.Ordinal)) value = a["--role=".Length..];
            else if (a.StartsWith('-')) throw new UsageException($"'users add' has no option '{a}'");
            else if (email is null) { email = a; continue; }
            else throw new UsageException($"'users add' takes one email address, not also '{a}'");

            if (role is not null) throw new UsageException("'--role' is given more than once");
            if (!Roles.All.Contains(value)) throw new UsageException($"'{value}' is not a role; use admin, editor, planner or viewer");
            role = value;
        }
        if (email is null) throw new UsageException("'users add' needs the new user's email address");
        if (role is null) throw new UsageException("'users add' needs --role admin|editor|planner|viewer");
        return (email, role);
    }

    /// <summary>
    /// The first line of standard input without its line ending. At a terminal, asks for it
    /// without echoing it.
    /// </summary>
    private static string? ReadPassword(TextReader input, TextWriter prompt, string email)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected) return input.ReadLine();
        prompt.Write($"Password for {email}: ");
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; }
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        prompt.WriteLine();
        return typed.ToString();
    }

    private static string Lower(string sentence) => sentence.Length == 0 ? sentence : char.ToLowerInvariant(sentence[0]) + sentence[1..];
}
