using System.Globalization;
using FluentValidation;
using Iqf.Domain;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.TakeUpFigures;

/// <summary>
/// What the take-up form posts. Numbers arrive as text so that a wrong value gets a message
/// written for people rather than a model-binding error.
/// </summary>
public sealed class TakeUpForm
{
    /// <summary>The qualification's reference, in any spelling QualificationReference accepts.</summary>
    public string? Reference { get; set; }
    /// <summary>The calendar year the academic year starts in (2010 for 2010/11).</summary>
    public string? Year { get; set; }
    public string? Source { get; set; }
    public string? Learners { get; set; }

    /// <summary>The row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form (the database's clock, ms), to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    public static TakeUpForm From(TakeUp t, string reference) => new()
    {
        Reference = reference,
        Year = t.Year.ToString(CultureInfo.InvariantCulture),
        Source = t.Source,
        Learners = t.Learners.ToString(CultureInfo.InvariantCulture),
        Version = t.Version,
    };

    public static short? ParseYear(string? text) =>
        short.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= TakeUpSearch.FirstYear and <= TakeUpSearch.LastYear ? y : null;

    /// <summary>A whole number of learners, 0 or more; "1,250" and "1 250" are read as 1250.</summary>
    public static int? ParseLearners(string? text) =>
        int.TryParse((text ?? "").Trim().Replace(",", "").Replace(" ", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}

public sealed class TakeUpFormValidator : AbstractValidator<TakeUpForm>
{
    public TakeUpFormValidator()
    {
        RuleFor(f => f.Reference).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the reference of the qualification")
            .Must(r => QualificationReference.Normalise(r) is not null)
            .WithMessage("Enter a qualification reference: an Ofqual number such as 603/1234/5, or a local code such as EYE-L3");
        RuleFor(f => f.Year).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the academic year")
            .Must(y => TakeUpForm.ParseYear(y) is not null)
            .WithMessage($"Enter the year the academic year starts in, from {TakeUpSearch.FirstYear} to {TakeUpSearch.LastYear}: for example 2010 for 2010/11");
        RuleFor(f => f.Source).Must(s => s is not null && Vocabulary.TakeUpSources.Contains(s)).WithMessage("Select where the figure comes from");
        RuleFor(f => f.Learners).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the number of learners")
            .Must(n => TakeUpForm.ParseLearners(n) is not null).WithMessage("Enter the number of learners as a whole number, 0 or more, for example 1250");
    }
}
