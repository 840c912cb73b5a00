using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>
/// What the framework form posts. Dates arrive as text so that a wrong value gets a message
/// written for people rather than a model-binding error.
/// </summary>
public sealed partial class FrameworkForm
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? ValidFrom { get; set; }
    public string? ValidTo { get; set; }

    /// <summary>The row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form, to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    public static FrameworkForm From(LevelFramework f) => new()
    {
        Code = f.Code,
        Name = f.Name,
        Description = f.Description,
        ValidFrom = f.ValidFrom?.ToString("yyyy-MM-dd"),
        ValidTo = f.ValidTo?.ToString("yyyy-MM-dd"),
        Version = f.Version,
    };

    /// <summary>Codes are kept in capitals, as files and reports write them ("nhs-cf" is NHS-CF).</summary>
    public static string? StoredCode(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToUpperInvariant();

    public static DateOnly? Date(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static bool IsDate(string? text) =>
        string.IsNullOrWhiteSpace(text) || DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    // The schema allows 2 to 32 characters, a letter first; stored codes are in capitals.
    [GeneratedRegex("^[A-Z][A-Z0-9-]{1,31}$")]
    public static partial Regex CodePattern();
}

public sealed class FrameworkFormValidator : AbstractValidator<FrameworkForm>
{
    public FrameworkFormValidator()
    {
        RuleFor(f => f.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the framework's code")
            .Must(c => FrameworkForm.CodePattern().IsMatch(FrameworkForm.StoredCode(c)!))
            .WithMessage("Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter, for example RQF or NHS-CF");
        RuleFor(f => f.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the framework's name")
            .MaximumLength(200).WithMessage("The name must be 200 characters or fewer");
        RuleFor(f => f.Description).MaximumLength(4000).WithMessage("The description must be 4,000 characters or fewer");
        RuleFor(f => f.ValidFrom).Must(FrameworkForm.IsDate).WithMessage("Enter the date it came into use as YYYY-MM-DD, for example 2015-10-01");
        RuleFor(f => f.ValidTo).Must(FrameworkForm.IsDate).WithMessage("Enter the date it closed as YYYY-MM-DD, for example 2015-09-30");
        RuleFor(f => f.ValidTo)
            .Must((f, to) => !(Given(f.ValidFrom) && Given(to) && FrameworkForm.Date(to) < FrameworkForm.Date(f.ValidFrom)))
            .WithMessage("The date it closed must be on or after the date it came into use");
    }

    private static bool Given(string? d) => !string.IsNullOrWhiteSpace(d) && FrameworkForm.IsDate(d);
}
