using System.Globalization;
using FluentValidation;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>What the level form posts. The ordinal arrives as text so that a wrong value gets a message written for people.</summary>
public sealed class LevelForm
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    /// <summary>Where the level sits on its framework's ladder; empty means where its code puts it.</summary>
    public string? Ordinal { get; set; }
    public string? Description { get; set; }

    /// <summary>The row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form, to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    public static LevelForm From(Level l) => new()
    {
        Code = l.Code,
        Name = l.Name,
        Ordinal = l.Ordinal.ToString(CultureInfo.InvariantCulture),
        Description = l.Description,
        Version = l.Version,
    };

    /// <summary>The ordinal to store: the one typed, else the code's natural place. Call after validation.</summary>
    public short StoredOrdinal(string code) =>
        string.IsNullOrWhiteSpace(Ordinal) ? LevelNames.NaturalOrdinal(code) : short.Parse(Ordinal.Trim(), CultureInfo.InvariantCulture);

    public static bool IsOrdinal(string? text) =>
        string.IsNullOrWhiteSpace(text)
        || (short.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n is >= -3 and <= 9);
}

public sealed class LevelFormValidator : AbstractValidator<LevelForm>
{
    public LevelFormValidator()
    {
        RuleFor(f => f.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the level's code")
            .Must(c => LevelNames.Code(c) is not null)
            .WithMessage("Enter the level as Entry, Entry 1 to Entry 3, or a digit from 0 to 9, for example 3");
        RuleFor(f => f.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the level's name")
            .MaximumLength(200).WithMessage("The name must be 200 characters or fewer");
        RuleFor(f => f.Ordinal).Must(LevelForm.IsOrdinal)
            .WithMessage("The ordinal must be a whole number from -3 (Entry 1) to 9, or left empty");
        RuleFor(f => f.Description).MaximumLength(4000).WithMessage("The description must be 4,000 characters or fewer");
    }
}
