using System.Globalization;
using FluentValidation;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Standards;

/// <summary>
/// What the occupational standard form posts. Dates and numbers arrive as text so that a wrong
/// value gets a message written for people rather than a model-binding error.
/// </summary>
public sealed class StandardForm
{
    public long? SuiteId { get; set; }
    public string? Code { get; set; }
    public string? Title { get; set; }
    public string? ApprovedOn { get; set; }
    public string? ReviewDueOn { get; set; }
    public string? ReviewIntervalMonths { get; set; }

    /// <summary>The row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form (the database's clock), to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    public static StandardForm From(OccupationalStandard s) => new()
    {
        SuiteId = s.SuiteId,
        Code = s.Code,
        Title = s.Title,
        ApprovedOn = FormText.Iso(s.ApprovedOn),
        ReviewDueOn = FormText.Iso(s.ReviewDueOn),
        ReviewIntervalMonths = s.ReviewIntervalMonths?.ToString(CultureInfo.InvariantCulture),
        Version = s.Version,
    };

    public void ApplyTo(OccupationalStandard s)
    {
        s.SuiteId = SuiteId!.Value;
        s.Code = FormText.Trimmed(Code)!;
        s.Title = FormText.Trimmed(Title)!;
        s.ApprovedOn = FormText.Date(ApprovedOn);
        s.ReviewDueOn = FormText.Date(ReviewDueOn);
        s.ReviewIntervalMonths = FormText.Months(ReviewIntervalMonths);
    }
}

public sealed class StandardFormValidator : AbstractValidator<StandardForm>
{
    public StandardFormValidator()
    {
        RuleFor(f => f.SuiteId).NotNull().WithMessage("Select the suite the standard belongs to");
        RuleFor(f => f.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the standard's code, for example SCDHSC0031")
            .Must(FormText.BeCode).WithMessage("The code must be 64 characters or fewer, on one line");
        RuleFor(f => f.Title).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the standard's title")
            .MaximumLength(500).WithMessage("The title must be 500 characters or fewer");
        FormText.DateRules(this, f => f.ApprovedOn, f => f.ReviewDueOn);
        RuleFor(f => f.ReviewIntervalMonths).Must(FormText.BeMonths).WithMessage(FormText.MonthsMessage);
    }
}

/// <summary>
/// The suite form: a National Occupational Standards suite, owned by a body, with its approval
/// and review dates.
/// </summary>
public sealed class SuiteForm
{
    public string? Code { get; set; }
    public string? Title { get; set; }
    public long? OwnerOrganisationId { get; set; }
    public string? ApprovedOn { get; set; }
    public string? ReviewDueOn { get; set; }
    public string? ReviewIntervalMonths { get; set; }
    public uint Version { get; set; }
    public long LoadedAt { get; set; }

    public static SuiteForm From(NosSuite s) => new()
    {
        Code = s.Code,
        Title = s.Title,
        OwnerOrganisationId = s.OwnerOrganisationId,
        ApprovedOn = FormText.Iso(s.ApprovedOn),
        ReviewDueOn = FormText.Iso(s.ReviewDueOn),
        ReviewIntervalMonths = s.ReviewIntervalMonths?.ToString(CultureInfo.InvariantCulture),
        Version = s.Version,
    };

    public void ApplyTo(NosSuite s)
    {
        s.Code = FormText.Trimmed(Code)!;
        s.Title = FormText.Trimmed(Title)!;
        s.OwnerOrganisationId = OwnerOrganisationId;
        s.ApprovedOn = FormText.Date(ApprovedOn);
        s.ReviewDueOn = FormText.Date(ReviewDueOn);
        s.ReviewIntervalMonths = FormText.Months(ReviewIntervalMonths);
    }
}

public sealed class SuiteFormValidator : AbstractValidator<SuiteForm>
{
    public SuiteFormValidator()
    {
        RuleFor(f => f.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the suite's code, for example SCDHSC")
            .Must(FormText.BeCode).WithMessage("The code must be 64 characters or fewer, on one line");
        RuleFor(f => f.Title).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the suite's title")
            .MaximumLength(500).WithMessage("The title must be 500 characters or fewer");
        FormText.DateRules(this, f => f.ApprovedOn, f => f.ReviewDueOn);
        RuleFor(f => f.ReviewIntervalMonths).Must(FormText.BeMonths).WithMessage(FormText.MonthsMessage);
    }
}

/// <summary>How the standards forms read the text people type.</summary>
public static class FormText
{
    public const string MonthsMessage = "The review interval must be a whole number of months from 1 to 120";

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string? Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? Date(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static short? Months(string? text) => string.IsNullOrWhiteSpace(text) ? null : short.Parse(text.Trim(), CultureInfo.InvariantCulture);

    public static bool BeDate(string? text) =>
        string.IsNullOrWhiteSpace(text) || DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static bool BeMonths(string? text) =>
        string.IsNullOrWhiteSpace(text) || (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 120);

    /// <summary>Codes are keys people type and files carry: one line, and short enough to read.</summary>
    public static bool BeCode(string? text) => text!.Trim().Length <= 64 && !text.Trim().Any(char.IsControl);

    /// <summary>
    /// Both dates well formed, and the review due after the approval: a standard is reviewed
    /// after it is approved (the database allows the same day; a review due the day it was
    /// approved is a typing mistake).
    /// </summary>
    public static void DateRules<T>(AbstractValidator<T> v, System.Linq.Expressions.Expression<Func<T, string?>> approved,
        System.Linq.Expressions.Expression<Func<T, string?>> due)
    {
        var approvedOf = approved.Compile();
        v.RuleFor(approved).Must(BeDate).WithMessage("Enter the date it was approved as YYYY-MM-DD, for example 2012-03-31");
        v.RuleFor(due).Must(BeDate).WithMessage("Enter the date its review is due as YYYY-MM-DD, for example 2017-03-31");
        v.RuleFor(due)
            .Must((f, d) => !(HasDate(approvedOf(f)) && HasDate(d) && Date(d) <= Date(approvedOf(f))))
            .WithMessage("The review due date must be after the date it was approved");
    }

    private static bool HasDate(string? text) => !string.IsNullOrWhiteSpace(text) && BeDate(text);
}
