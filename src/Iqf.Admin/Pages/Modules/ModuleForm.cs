using System.Globalization;
using FluentValidation;
using Iqf.Domain;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Modules;

/// <summary>
/// What the module form posts. Numbers arrive as text so that a wrong value gets a message
/// written for people rather than a model-binding error.
/// </summary>
public sealed class ModuleForm
{
    public string? Code { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    /// <summary>A level's id from the framework-and-level list; empty when the module is not levelled.</summary>
    public string? LevelId { get; set; }
    public string? Credits { get; set; }
    public string? Glh { get; set; }
    public string? ReviewIntervalMonths { get; set; }

    /// <summary>The row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form, to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    public const int TitleMaxLength = 500;
    public const int DescriptionMaxLength = 10_000;

    public static ModuleForm From(Module m) => new()
    {
        Code = m.Code,
        Title = m.Title,
        Description = m.Description,
        LevelId = m.LevelId?.ToString(CultureInfo.InvariantCulture),
        Credits = m.Credits?.ToString(CultureInfo.InvariantCulture),
        Glh = m.Glh?.ToString(CultureInfo.InvariantCulture),
        ReviewIntervalMonths = m.ReviewIntervalMonths?.ToString(CultureInfo.InvariantCulture),
        Version = m.Version,
    };

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static int? WholeNumber(string? text) => string.IsNullOrWhiteSpace(text) ? null : int.Parse(text.Trim(), CultureInfo.InvariantCulture);

    public static bool IsWholeNumber(string? text) =>
        string.IsNullOrWhiteSpace(text) || (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0);
}

public sealed class ModuleFormValidator : AbstractValidator<ModuleForm>
{
    public ModuleFormValidator()
    {
        // The same rule as the qualification editor's "add a module" (Iqf.Domain.ModuleCode).
        RuleFor(f => f.Code).Must(c => ModuleCode.Problem(c) is null).WithMessage(f => ModuleCode.Problem(f.Code)!);
        RuleFor(f => f.Title).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the module's title")
            .Must(t => t!.Trim().Length <= ModuleForm.TitleMaxLength).WithMessage($"The title must be {ModuleForm.TitleMaxLength} characters or fewer");
        RuleFor(f => f.Description).MaximumLength(ModuleForm.DescriptionMaxLength)
            .WithMessage($"The description must be {ModuleForm.DescriptionMaxLength:N0} characters or fewer");
        RuleFor(f => f.LevelId).Must(l => string.IsNullOrWhiteSpace(l) || int.TryParse(l, out _)).WithMessage("Select a level from the list");
        RuleFor(f => f.Credits).Must(ModuleForm.IsWholeNumber).WithMessage("Credits must be a whole number, 0 or more");
        RuleFor(f => f.Glh).Must(ModuleForm.IsWholeNumber).WithMessage("Guided learning hours must be a whole number, 0 or more");
        RuleFor(f => f.ReviewIntervalMonths).Must(t => string.IsNullOrWhiteSpace(t) || (int.TryParse(t, out var m) && m is >= 1 and <= 120))
            .WithMessage("The review interval must be a whole number of months from 1 to 120");
    }
}
