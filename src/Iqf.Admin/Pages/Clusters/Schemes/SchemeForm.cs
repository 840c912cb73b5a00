using System.Text.RegularExpressions;
using FluentValidation;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Clusters.Schemes;

/// <summary>What the clustering scheme form posts.</summary>
public sealed partial class SchemeForm
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Source { get; set; }

    /// <summary>The row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form, to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    public static SchemeForm From(ClusteringScheme s) => new()
    {
        Code = s.Code,
        Name = s.Name,
        Description = s.Description,
        Source = s.Source,
        Version = s.Version,
    };

    /// <summary>"cws-2005 " is stored as CWS-2005: codes are written in capitals, as the reference files write them.</summary>
    public static string? NormalisedCode(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToUpperInvariant();

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// Capitals, digits and hyphens, starting with a letter, 2 to 32 characters: the schema's
    /// check, in capitals. Files name clusters as CODE:Path, so no colon, slash or space.
    /// </summary>
    [GeneratedRegex("^[A-Z][A-Z0-9-]{1,31}$")]
    public static partial Regex CodePattern();
}

public sealed class SchemeFormValidator : AbstractValidator<SchemeForm>
{
    public SchemeFormValidator()
    {
        RuleFor(f => f.Code).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the scheme's code")
            .Must(c => SchemeForm.CodePattern().IsMatch(SchemeForm.NormalisedCode(c) ?? ""))
            .WithMessage("Enter the code as 2 to 32 capital letters, digits and hyphens, starting with a letter, for example CWS-2005");
        RuleFor(f => f.Name).Cascade(CascadeMode.Stop)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter the scheme's name")
            .MaximumLength(300).WithMessage("The name must be 300 characters or fewer");
        RuleFor(f => f.Description).MaximumLength(4000).WithMessage("The description must be 4,000 characters or fewer");
        RuleFor(f => f.Source).MaximumLength(500).WithMessage("The source must be 500 characters or fewer");
    }
}
