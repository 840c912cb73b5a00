using System.Linq.Expressions;
using Iqf.Admin.Web.Lists;
using Iqf.Data;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Iqf.Admin.Web.Records;

/// <summary>
/// A list's bulk actions (archive, restore, mark reviewed) on the selected records of one kind:
/// one UPDATE each, so all or nothing, recorded in the history under the person's name. POST
/// only; the buttons are on the list, which the person returns to with its filters intact.
/// </summary>
public abstract class BulkActionsModel<T>(IqfDbContext db, string listPath, string one, string many)
    : BulkActionsModel<T, long>(db, listPath, one, many) where T : CuratedRecord
{
    public Task<IActionResult> OnPostReviewedAsync() => Run("Marked as reviewed", r => true, s => s
        .SetProperty(r => r.LastReviewedAt, DateTimeOffset.UtcNow)
        .SetProperty(r => r.LastReviewedBy, User.Identity!.Name));
}

/// <summary>
/// Archive and restore of the selection for any archivable record, whatever its key type. A kind
/// may hold some of the selection back (<see cref="RefusedAsync"/>): those are left as they are
/// and named, with the reason, in the message the list shows.
/// </summary>
public abstract class BulkActionsModel<T, TKey>(IqfDbContext db, string listPath, string one, string many) : PageModel
    where T : class, IArchivableRecord<TKey> where TKey : struct
{
    [BindProperty] public TKey[] Ids { get; set; } = [];
    [BindProperty] public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => Redirect(listPath);

    public Task<IActionResult> OnPostArchiveAsync() => Run("Archived", ArchivedIs(false),
        s => s.SetProperty(Property<DateTimeOffset?>(nameof(IArchivableRecord<TKey>.ArchivedAt)), DateTimeOffset.UtcNow), archiving: true);

    public Task<IActionResult> OnPostRestoreAsync() => Run("Restored", ArchivedIs(true),
        s => s.SetProperty(Property<DateTimeOffset?>(nameof(IArchivableRecord<TKey>.ArchivedAt)), (DateTimeOffset?)null), archiving: false);

    /// <summary>
    /// The selected records (already known to need the change) that must not be archived, or
    /// restored, as things stand, each with a short reason ("Social care: 3 job roles are placed
    /// in it"). None by default.
    /// </summary>
    protected virtual Task<IReadOnlyDictionary<TKey, string>> RefusedAsync(bool archiving, IReadOnlyCollection<TKey> ids) =>
        Task.FromResult<IReadOnlyDictionary<TKey, string>>(new Dictionary<TKey, string>());

    protected async Task<IActionResult> Run(string done, Expression<Func<T, bool>> applies, Action<UpdateSettersBuilder<T>> set, bool? archiving = null)
    {
        var back = ListLinks.SafeReturnUrl(ReturnUrl) ?? listPath;
        if (Ids.Length == 0)
        {
            TempData["Success"] = "Nothing was selected, so nothing changed";
            return Redirect(back);
        }
        var chosen = Ids;
        IReadOnlyDictionary<TKey, string> refused = new Dictionary<TKey, string>();
        if (archiving is { } a)
        {
            var candidates = await db.Set<T>().Where(IdIn(Ids)).Where(applies).Select(Property<TKey>(nameof(IArchivableRecord<TKey>.Id))).ToListAsync();
            refused = await RefusedAsync(a, candidates);
            chosen = Ids.Where(i => !refused.ContainsKey(i)).ToArray();
        }
        var count = chosen.Length == 0 ? 0 : await db.Set<T>().Where(IdIn(chosen)).Where(applies).ExecuteUpdateAsync(set);
        var message = $"{done} {count} {(count == 1 ? one : many)}";
        if (refused.Count > 0)
            message += $". Not {(archiving == true ? "archived" : "restored")}: {string.Join("; ", refused.Values.Order(StringComparer.OrdinalIgnoreCase))}";
        TempData["Success"] = message;
        return Redirect(back);
    }

    // Expressions built on the entity's own properties, by name: a lambda written against the
    // interface would reach EF as a cast to it, which its translation need not accept.

    private static Expression<Func<T, TValue>> Property<TValue>(string name)
    {
        var r = Expression.Parameter(typeof(T), "r");
        return Expression.Lambda<Func<T, TValue>>(Expression.Property(r, name), r);
    }

    private static Expression<Func<T, bool>> ArchivedIs(bool archived)
    {
        var r = Expression.Parameter(typeof(T), "r");
        var test = Expression.Equal(Expression.Property(r, nameof(IArchivableRecord<TKey>.ArchivedAt)), Expression.Constant(null, typeof(DateTimeOffset?)));
        return Expression.Lambda<Func<T, bool>>(archived ? Expression.Not(test) : test, r);
    }

    private static Expression<Func<T, bool>> IdIn(TKey[] ids)
    {
        var r = Expression.Parameter(typeof(T), "r");
        Expression<Func<TKey[]>> values = () => ids;
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)], values.Body,
            Expression.Property(r, nameof(IArchivableRecord<TKey>.Id)));
        return Expression.Lambda<Func<T, bool>>(contains, r);
    }
}
