using System.Globalization;
using FluentValidation;
using Iqf.Domain;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>One role-qualification link as the EditQualifications form posts it. Dates arrive as text.</summary>
public sealed class RoleQualificationForm
{
    /// <summary>The qualification's reference in any spelling the register accepts (603/5829/4, 60358294, nvq3-ccld).</summary>
    public string? Reference { get; set; }
    public string? Relevance { get; set; } = "core";
    public string? Requirement { get; set; } = "recommended";
    /// <summary>False unless ticked: an unticked checkbox posts nothing, so the GET sets true for a new link.</summary>
    public bool Significant { get; set; }
    public string? ValidFrom { get; set; }
    public string? ValidTo { get; set; }
    public string? Conditions { get; set; }
    /// <summary>The form changes an existing link (rather than adding one), so finding it linked already is expected.</summary>
    public bool Changing { get; set; }

    /// <summary>The role's row version (xmin) when the page was opened; every change to the links checks and moves it.</summary>
    public uint Version { get; set; }
    public long LoadedAt { get; set; }

    public static RoleQualificationForm From(RoleQualification link, string reference, uint version, long loadedAt) => new()
    {
        Reference = reference,
        Relevance = link.Relevance,
        Requirement = link.Requirement,
        Significant = link.Significant,
        ValidFrom = link.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ValidTo = link.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Conditions = link.Conditions,
        Changing = true,
        Version = version,
        LoadedAt = loadedAt,
    };

    public static DateOnly? Date(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool IsDate(string? text) =>
        string.IsNullOrWhiteSpace(text) || DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}

public sealed class RoleQualificationFormValidator : AbstractValidator<RoleQualificationForm>
{
    public RoleQualificationFormValidator()
    {
        RuleFor(f => f.Reference).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the reference of the qualification, for example 603/5829/4 or NVQ3-CCLD")
            .Must(r => QualificationReference.Normalise(r) is not null)
            .WithMessage("Enter the reference as an Ofqual number (603/5829/4 or 60358294) or a local code such as NVQ3-CCLD");
        RuleFor(f => f.Relevance).Must(r => r is not null && Vocabulary.Relevances.Contains(r)).WithMessage("Select whether the qualification is core or of general relevance");
        RuleFor(f => f.Requirement).Must(r => r is not null && Vocabulary.Requirements.Contains(r)).WithMessage("Select whether the qualification is required, recommended or accepted");
        RuleFor(f => f.ValidFrom).Must(RoleQualificationForm.IsDate).WithMessage("Enter the date it is valid from as YYYY-MM-DD, for example 2014-09-01");
        RuleFor(f => f.ValidTo).Must(RoleQualificationForm.IsDate).WithMessage("Enter the date it is valid to as YYYY-MM-DD, for example 2014-08-31");
        RuleFor(f => f.ValidTo)
            .Must((f, to) => !(HasDate(f.ValidFrom) && HasDate(to) && RoleQualificationForm.Date(to) < RoleQualificationForm.Date(f.ValidFrom)))
            .WithMessage("The date it is valid to must be on or after the date it is valid from");
        RuleFor(f => f.Conditions).MaximumLength(2_000).WithMessage("Conditions must be 2,000 characters or fewer");
    }

    private static bool HasDate(string? text) => !string.IsNullOrWhiteSpace(text) && RoleQualificationForm.IsDate(text);
}
