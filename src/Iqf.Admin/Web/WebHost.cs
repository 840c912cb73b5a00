using Iqf.Admin.Health;
using Iqf.Data;
using Iqf.Data.Database;
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
        output.WriteLine($"Serving http://127.0.0.1:{port} (health: /health). Press Ctrl+C to stop.");
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string connectionString, string url, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddDbContext<IqfDbContext>((sp, o) =>
        {
            var http = sp.GetRequiredService<IHttpContextAccessor>();
            o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
             .AddInterceptors(new ActorConnectionInterceptor(() =>
                 http.HttpContext?.User.Identity?.Name is { } name ? "user:" + name : "anonymous"));
        });
        builder.Services.AddSingleton(new HealthCheck(connectionString));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "same-origin";
            h.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
            await next();
        });
        app.MapMethods("/", ["GET", "HEAD"], HomePage.Render);
        app.MapMethods("/health", ["GET", "HEAD"], async (HealthCheck health, CancellationToken ct) =>
        {
            var report = await health.RunAsync(ct);
            return Results.Json(report, statusCode: report.Status == "ok" ? 200 : 503);
        });
        return app;
    }
}
