using System.Globalization;
using FluentValidation;
using Iqf.Admin.Web.Records;
using Iqf.Data;
using Iqf.Domain;
using Iqf.Domain.Entities;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>
/// How a qualification counts for a job role (a role_qualification row), as a form posts it.
/// Both ends edit the same link, the role's page (Roles/EditQualifications) and the
/// qualification's (Qualifications/EditRoles): each adds the field that names the other end and
/// shares these terms, their rules, the fields' markup (_RoleQualificationTerms.cshtml) and the
/// save. Dates arrive as text so a wrong one comes back as typed, with a message.
/// </summary>
public class RoleQualificationTerms
{
    public string? Relevance { get; set; } = "core";
    public string? Requirement { get; set; } = "recommended";
    /// <summary>False unless ticked: an unticked checkbox posts nothing, so the GET sets true for a new link.</summary>
    public bool Significant { get; set; }
    public string? ValidFrom { get; set; }
    public string? ValidTo { get; set; }
    public string? Conditions { get; set; }
    /// <summary>The form changes an existing link (rather than adding one), so finding it linked already is expected.</summary>
    public bool Changing { get; set; }

    /// <summary>
    /// The row version (xmin) of the record whose page this is (the role or the qualification)
    /// when the page was opened; every change to the links checks and moves it.
    /// </summary>
    public uint Version { get; set; }
    public long LoadedAt { get; set; }

    /// <summary>Fills the terms from an existing link, for the "change" form.</summary>
    protected void CopyFrom(RoleQualification link, uint version, long loadedAt)
    {
        Relevance = link.Relevance;
        Requirement = link.Requirement;
        Significant = link.Significant;
        ValidFrom = link.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ValidTo = link.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Conditions = link.Conditions;
        Changing = true;
        Version = version;
        LoadedAt = loadedAt;
    }

    /// <summary>Writes the (validated) terms onto the link.</summary>
    public void ApplyTo(RoleQualification link)
    {
        link.Relevance = Relevance!;
        link.Requirement = Requirement!;
        link.Significant = Significant;
        link.ValidFrom = Date(ValidFrom);
        link.ValidTo = Date(ValidTo);
        link.Conditions = RoleForm.Text(Conditions);
    }

    public static DateOnly? Date(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool IsDate(string? text) =>
        string.IsNullOrWhiteSpace(text) || DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}

/// <summary>The rules for the terms; each side's validator includes them after its own field's rules.</summary>
public sealed class RoleQualificationTermsValidator : AbstractValidator<RoleQualificationTerms>
{
    public RoleQualificationTermsValidator()
    {
        RuleFor(f => f.Relevance).Must(r => r is not null && Vocabulary.Relevances.Contains(r)).WithMessage("Select whether the qualification is core or of general relevance");
        RuleFor(f => f.Requirement).Must(r => r is not null && Vocabulary.Requirements.Contains(r)).WithMessage("Select whether the qualification is required, recommended or accepted");
        RuleFor(f => f.ValidFrom).Must(RoleQualificationTerms.IsDate).WithMessage("Enter the date it is valid from as YYYY-MM-DD, for example 2014-09-01");
        RuleFor(f => f.ValidTo).Must(RoleQualificationTerms.IsDate).WithMessage("Enter the date it is valid to as YYYY-MM-DD, for example 2014-08-31");
        RuleFor(f => f.ValidTo)
            .Must((f, to) => !(HasDate(f.ValidFrom) && HasDate(to) && RoleQualificationTerms.Date(to) < RoleQualificationTerms.Date(f.ValidFrom)))
            .WithMessage("The date it is valid to must be on or after the date it is valid from");
        RuleFor(f => f.Conditions).MaximumLength(2_000).WithMessage("Conditions must be 2,000 characters or fewer");
    }

    private static bool HasDate(string? text) => !string.IsNullOrWhiteSpace(text) && RoleQualificationTerms.IsDate(text);
}

/// <summary>What _RoleQualificationTerms.cshtml renders: the page's form, under the name "Input" both pages bind it to.</summary>
public sealed record RoleQualificationTermsFields(RoleQualificationTerms Input);

/// <summary>The save both pages make, and how they show a link.</summary>
public static class RoleQualificationLinks
{
    public enum SaveOutcome { Saved, Conflict, Refused }

    /// <summary>
    /// The database's refusals of a link, as messages beside the fields; each page adds the
    /// foreign and primary keys, whose field is the one naming the other end.
    /// </summary>
    public static Dictionary<string, (string Field, string Message)> Constraints(params (string Name, string Field, string Message)[] ends)
    {
        var known = new Dictionary<string, (string Field, string Message)>
        {
            ["role_qualification_check"] = ("Input.ValidTo", "The date it is valid to must be on or after the date it is valid from"),
            ["role_qualification_relevance_check"] = ("Input.Relevance", "Select whether the qualification is core or of general relevance"),
            ["role_qualification_requirement_check"] = ("Input.Requirement", "Select whether the qualification is required, recommended or accepted"),
        };
        foreach (var (name, field, message) in ends) known[name] = (field, message);
        return known;
    }

    /// <summary>
    /// Saves the pending link change together with an update of <paramref name="parent"/> (the
    /// record whose page this is) that checks it is still at <paramref name="version"/> and moves
    /// its version and updated_at on, all in one transaction: a refused version undoes the link
    /// change too. The link belongs to the record at its other end as well, so that record is
    /// touched (<paramref name="touchOtherEnd"/>, e.g. <c>$"update job_role set updated_at = now() where id = {id}"</c>):
    /// its version moves on and a page open on that side cannot then overwrite this change unseen.
    /// On anything but Saved the change tracker is cleared; a refusal by the database has been
    /// added to <paramref name="modelState"/>, a conflict is for the page to show.
    /// </summary>
    public static async Task<SaveOutcome> SaveWithParentAsync<T>(IqfDbContext db, T parent, uint version, FormattableString touchOtherEnd,
        ModelStateDictionary modelState, IReadOnlyDictionary<string, (string Field, string Message)> constraints) where T : CuratedRecord
    {
        db.Entry(parent).Property(x => x.Version).OriginalValue = version;
        parent.UpdatedAt = DateTimeOffset.UtcNow;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            // Only updated_at changes, so the history records nothing for the other end.
            await db.Database.ExecuteSqlInterpolatedAsync(touchOtherEnd);
            await tx.CommitAsync();
            return SaveOutcome.Saved;
        }
        // A deadlock: links between the same two records saved from opposite ends at the same moment.
        catch (Exception e) when (e is DbUpdateConcurrencyException
                                  || (e as PostgresException ?? e.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.DeadlockDetected })
        {
            db.ChangeTracker.Clear();
            return SaveOutcome.Conflict;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException pe)
        {
            db.ChangeTracker.Clear();
            EditConflict.AddDatabaseError(modelState, pe, constraints);
            return SaveOutcome.Refused;
        }
    }

    public static string RelevanceLabel(string relevance) => relevance == "core" ? "Core" : "General";

    public static string Validity(DateTime? from, DateTime? to)
    {
        static string D(DateTime? d) => d?.ToString("d MMM yyyy") ?? "";
        return (from, to) switch
        {
            (null, null) => "Any time",
            (not null, null) => $"From {D(from)}",
            (null, not null) => $"Until {D(to)}",
            _ => $"{D(from)} to {D(to)}",
        };
    }
}
