using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using Iqf.Domain;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Organisations;

/// <summary>
/// What the organisation form posts. Dates and numbers arrive as text so that a wrong value gets
/// a message written for people rather than a model-binding error.
/// </summary>
public sealed partial class OrganisationForm
{
    public string? Name { get; set; }
    public string? Acronym { get; set; }
    public string? Type { get; set; }
    public string? Website { get; set; }
    public string? OfqualRecognitionNumber { get; set; }
    /// <summary>
    /// One alias per line. Lines rather than semicolons because organisation names are full of
    /// punctuation and a textarea makes each name easy to see; the CSV export joins them with ";".
    /// </summary>
    public string? Aliases { get; set; }
    public long? PredecessorId { get; set; }
    public string? ActiveFrom { get; set; }
    public string? ActiveTo { get; set; }
    public string? ReviewIntervalMonths { get; set; }

    /// <summary>The row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form, to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    public static OrganisationForm From(Organisation o) => new()
    {
        Name = o.Name,
        Acronym = o.Acronym,
        Type = o.Type,
        Website = o.Website,
        OfqualRecognitionNumber = o.OfqualRecognitionNumber,
        Aliases = string.Join("\n", o.Aliases.Select(a => a.Alias).Order(StringComparer.OrdinalIgnoreCase)),
        PredecessorId = o.PredecessorId,
        ActiveFrom = o.ActiveFrom?.ToString("yyyy-MM-dd"),
        ActiveTo = o.ActiveTo?.ToString("yyyy-MM-dd"),
        ReviewIntervalMonths = o.ReviewIntervalMonths?.ToString(CultureInfo.InvariantCulture),
        Version = o.Version,
    };

    /// <summary>The aliases typed, trimmed, blank lines dropped, in the order given.</summary>
    public static List<string> AliasList(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(a => a.Length > 0).ToList();

    public IReadOnlyList<string> AliasValues => AliasList(Aliases);

    public static DateOnly? Date(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>"rn 5123" is stored as RN5123, the spelling Ofqual's register uses.</summary>
    public static string? RecognitionNumber(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Regex.Replace(text, @"\s", "").ToUpperInvariant();

    [GeneratedRegex("^RN[0-9]{1,6}$")]
    public static partial Regex RecognitionNumberPattern();
}

public sealed class OrganisationFormValidator : AbstractValidator<OrganisationForm>
{
    public OrganisationFormValidator()
    {
        RuleFor(f => f.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the organisation's name")
            .MaximumLength(300).WithMessage("The name must be 300 characters or fewer");
        RuleFor(f => f.Acronym).MaximumLength(30).WithMessage("The acronym must be 30 characters or fewer");
        RuleFor(f => f.Type).Must(t => t is not null && Vocabulary.OrganisationTypes.Contains(t)).WithMessage("Select the type of organisation");
        RuleFor(f => f.Website).Must(BeWebAddress).When(f => !string.IsNullOrWhiteSpace(f.Website))
            .WithMessage("Enter the website as a full address starting with http:// or https://, for example https://www.example.org.uk");
        RuleFor(f => f.OfqualRecognitionNumber)
            .Must(n => OrganisationForm.RecognitionNumberPattern().IsMatch(OrganisationForm.RecognitionNumber(n)!))
            .When(f => !string.IsNullOrWhiteSpace(f.OfqualRecognitionNumber))
            .WithMessage("Enter the Ofqual recognition number as RN followed by up to 6 digits, for example RN5123");
        RuleFor(f => f.Aliases).Custom((text, context) =>
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var name = context.InstanceToValidate.Name?.Trim();
            foreach (var alias in OrganisationForm.AliasList(text))
            {
                string? problem =
                    alias.Contains(';') ? $"Put each alias on its own line: \"{alias}\" contains a semicolon, which CSV files use to separate aliases"
                    : alias.Length > 300 ? "Each alias must be 300 characters or fewer"
                    : string.Equals(alias, name, StringComparison.OrdinalIgnoreCase) ? $"{alias} is the organisation's name: aliases are the other names it is known by"
                    : !seen.Add(alias) ? $"{alias} is given twice"
                    : null;
                if (problem is null) continue;
                context.AddFailure(problem);
                return;
            }
        });
        RuleFor(f => f.ActiveFrom).Must(BeDate).WithMessage("Enter the date it became active as YYYY-MM-DD, for example 2005-04-01");
        RuleFor(f => f.ActiveTo).Must(BeDate).WithMessage("Enter the date it stopped being active as YYYY-MM-DD, for example 2012-03-31");
        RuleFor(f => f.ActiveTo)
            .Must((f, to) => !(Ok(f.ActiveFrom) && Ok(to) && OrganisationForm.Date(to) < OrganisationForm.Date(f.ActiveFrom)))
            .WithMessage("The date it stopped being active must be on or after the date it became active");
        RuleFor(f => f.ReviewIntervalMonths).Must(t => string.IsNullOrWhiteSpace(t) || (int.TryParse(t, out var m) && m is >= 1 and <= 120))
            .WithMessage("The review interval must be a whole number of months from 1 to 120");
    }

    private static bool BeWebAddress(string? text) =>
        Regex.IsMatch(text!.Trim(), "^https?://[^/?#\\s]", RegexOptions.IgnoreCase)
        && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static bool Ok(string? d) => !string.IsNullOrWhiteSpace(d) && BeDate(d);

    private static bool BeDate(string? text) =>
        string.IsNullOrWhiteSpace(text) || DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
