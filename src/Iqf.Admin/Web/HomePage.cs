using Iqf.Admin.Health;

namespace Iqf.Admin.Web;

/// <summary>
/// A plain landing page until the back-office arrives: what this is, and whether the database
/// is healthy.
/// </summary>
public static class HomePage
{
    public static async Task<IResult> Render(HealthCheck health, CancellationToken ct)
    {
        var report = await health.RunAsync(ct);
        var rows = string.Join("", report.Counts.Select(c =>
            $"<tr><th scope=\"row\">{System.Net.WebUtility.HtmlEncode(c.Key.Replace('_', ' '))}</th><td>{c.Value:N0}</td></tr>"));
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>IQF qualifications database</title></head>
            <body>
            <main>
            <h1>IQF qualifications database</h1>
            <p>Qualifications, modules, levels, job roles, workforce clusters and Common Core mappings
            of England's children and young people's workforce.</p>
            <h2>Database</h2>
            <p>Status: <strong>{{report.Status}}</strong>. Migrations applied: {{report.Migrations.Applied}},
            pending: {{report.Migrations.Pending}}.</p>
            <table>
            <caption>Records held</caption>
            <thead><tr><th scope="col">Kind</th><th scope="col">Count</th></tr></thead>
            <tbody>{{rows}}</tbody>
            </table>
            <p><a href="/health">Health report as JSON</a></p>
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: report.Status == "ok" ? 200 : 503);
    }
}
