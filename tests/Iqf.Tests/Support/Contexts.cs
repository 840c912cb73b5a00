using Iqf.Data;
using Iqf.Data.Database;
using Microsoft.EntityFrameworkCore;

namespace Iqf.Tests.Support;

public static class Contexts
{
    /// <summary>An EF context on the given database whose changes are attributed to <paramref name="actor"/>.</summary>
    public static IqfDbContext Create(string connectionString, string actor = "test") =>
        new(new DbContextOptionsBuilder<IqfDbContext>()
            .UseNpgsql(connectionString)
            .AddInterceptors(new ActorConnectionInterceptor(() => actor))
            .Options);
}
