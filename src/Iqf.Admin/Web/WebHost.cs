using Iqf.Admin.Health;
using Iqf.Admin.Security;
using Iqf.Data;
using Iqf.Data.Database;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Web;

/// <summary>The web application: built here so `iqf up`, `iqf serve` and the tests share one setup.</summary>
public static class WebHost
{
    public static async Task<int> RunAsync(string connectionString, TextWriter output)
    {
        var portText = Environment.GetEnvironmentVariable("IQF_PORT");
        var port = 5080;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            throw new SettingsException($"IQF_PORT must be a port number from 1 to 65535, not '{portText}'");
        if (EmbeddedPostgres.PortInUse(port))
            throw new SettingsException($"port {port} on 127.0.0.1 is already in use; set IQF_PORT to a free port");
        await using var app = Build(connectionString, $"http://127.0.0.1:{port}");
        await FirstAdministrator.EnsureAsync(app.Services, output);
        output.WriteLine($"Serving http://127.0.0.1:{port} (health: /health). Press Ctrl+C to stop.");
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string connectionString, string url, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // Imports are the largest thing anyone posts; nothing legitimate is bigger.
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddHttpContextAccessor();
        services.AddSingleton(new OutsideRequestActor("anonymous"));
        services.AddDbContext<IqfDbContext>((sp, o) =>
        {
            var http = sp.GetRequiredService<IHttpContextAccessor>();
            var outside = sp.GetRequiredService<OutsideRequestActor>();
            o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
             .AddInterceptors(new ActorConnectionInterceptor(() => http.HttpContext is not { } ctx ? outside.Name
                 : ctx.User.Identity?.Name is { } name ? "user:" + name : "anonymous"));
        });
        services.AddSingleton(new HealthCheck(connectionString));
        services.AddSingleton<Iqf.Admin.Pages.Import.ImportRunner>();

        services.AddIdentity<IqfUser, IdentityRole>(o =>
            {
                // Length over complexity rules (NCSC guidance): at least 12 characters, any kind.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<IqfDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/SignIn";
            o.LogoutPath = "/Account/SignOut";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "iqf.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        // A locked account or a changed role takes effect within a minute, not Identity's default 30.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "iqf.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddDataProtection().SetApplicationName("iqf");
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseXmlRepository>((o, repository) => o.XmlRepository = repository);

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Policies.Read, p => p.RequireRole(Roles.AllowedFor(Roles.Policies.Read)))
            .AddPolicy(Roles.Policies.Report, p => p.RequireRole(Roles.AllowedFor(Roles.Policies.Report)))
            .AddPolicy(Roles.Policies.Edit, p => p.RequireRole(Roles.AllowedFor(Roles.Policies.Edit)))
            .AddPolicy(Roles.Policies.Administer, p => p.RequireRole(Roles.AllowedFor(Roles.Policies.Administer)));
        services.AddRazorPages(o => o.Conventions.Add(new PageAccessConvention()));
        // Every FluentValidation validator in this assembly, by the form type it validates.
        foreach (var type in typeof(WebHost).Assembly.GetTypes().Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b
                     && b.GetGenericTypeDefinition() == typeof(FluentValidation.AbstractValidator<>)))
            services.AddSingleton(typeof(FluentValidation.IValidator<>).MakeGenericType(type.BaseType!.GetGenericArguments()[0]), type);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/NotFound");
        app.Use(SecurityHeaders);
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapMethods("/health", ["GET", "HEAD"], async (HealthCheck health, CancellationToken ct) =>
        {
            var report = await health.RunAsync(ct);
            return Results.Json(report, statusCode: report.Status == "ok" ? 200 : 503);
        }).AllowAnonymous();
        return app;
    }

    private static async Task SecurityHeaders(HttpContext ctx, Func<Task> next)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        ctx.Response.OnStarting(() =>
        {
            // How long the server took to produce the response (benchmarks and browsers' dev tools read it).
            ctx.Response.Headers["Server-Timing"] = "app;dur=" +
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            // No inline script or style anywhere: scripts are files under /js and /lib.
            h.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
                                      "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
                                      "form-action 'self'; frame-ancestors 'none'";
            if (ctx.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            return Task.CompletedTask;
        });
        await next();
    }
}

/// <summary>
/// Who the history names for writes made outside a web request through the site's services
/// (start-up; a command such as `iqf users add`, which registers its own through WebHost.Build's
/// configure callback).
/// </summary>
public sealed record OutsideRequestActor(string Name);
