using System.Globalization;
using FluentValidation;
using Iqf.Domain;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// What the qualification form posts. Dates and numbers arrive as text so that a wrong value
/// gets a message written for people rather than a model-binding error.
/// </summary>
public sealed class QualificationForm
{
    public string? Reference { get; set; }
    public string? Title { get; set; }
    public string? Type { get; set; }
    public string? Framework { get; set; } = "RQF";
    public string? Level { get; set; }
    public string? OtherLevels { get; set; }
    public long? AwardingBodyId { get; set; }
    public string? Status { get; set; } = "available";
    public string? OperationalStart { get; set; }
    public string? OperationalEnd { get; set; }
    public string? CertificationEnd { get; set; }
    public string? Credits { get; set; }
    public string? Glh { get; set; }
    public string? Tqt { get; set; }
    public string? AgeFocus { get; set; }
    public int? SectorSubjectAreaId { get; set; }
    public string? CommonCoreStatus { get; set; } = "not-started";
    public string? Notes { get; set; }
    public string? ReviewIntervalMonths { get; set; }

    /// <summary>The row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form, to show what others changed since.</summary>
    public long LoadedAt { get; set; }
    /// <summary>The in-putter has seen the likely duplicates and says this is a different qualification.</summary>
    public bool NotDuplicate { get; set; }

    public static QualificationForm From(Qualification q, IReadOnlyList<(string Framework, string Level, bool Primary)> levels) => new()
    {
        Reference = q.Reference,
        Title = q.Title,
        Type = q.Type,
        Framework = levels.FirstOrDefault(l => l.Primary).Framework ?? "RQF",
        Level = string.Join("/", levels.Where(l => l.Primary).Select(l => l.Level)),
        OtherLevels = string.Join("; ", levels.Where(l => !l.Primary).Select(l => $"{l.Framework}:{l.Level}")),
        AwardingBodyId = q.AwardingBodyId,
        Status = q.Status,
        OperationalStart = q.OperationalStart?.ToString("yyyy-MM-dd"),
        OperationalEnd = q.OperationalEnd?.ToString("yyyy-MM-dd"),
        CertificationEnd = q.CertificationEnd?.ToString("yyyy-MM-dd"),
        Credits = q.Credits?.ToString(CultureInfo.InvariantCulture),
        Glh = q.Glh?.ToString(CultureInfo.InvariantCulture),
        Tqt = q.Tqt?.ToString(CultureInfo.InvariantCulture),
        AgeFocus = q.AgeFocus,
        SectorSubjectAreaId = q.SectorSubjectAreaId,
        CommonCoreStatus = q.CommonCoreStatus,
        Notes = q.Notes,
        ReviewIntervalMonths = q.ReviewIntervalMonths?.ToString(CultureInfo.InvariantCulture),
        Version = q.Version,
    };

    public static DateOnly? Date(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static int? Number(string? text) => string.IsNullOrWhiteSpace(text) ? null : int.Parse(text.Trim(), CultureInfo.InvariantCulture);

    /// <summary>Level codes of the primary framework ("1/2" gives two), already validated.</summary>
    public IReadOnlyList<string> LevelCodes => LevelSpelling.Parse(Level) ?? [];

    /// <summary>"CAREER:3; NHS-CF:4" as (framework, level code) pairs; null when malformed.</summary>
    public static List<(string Framework, string Level)>? ParseOtherLevels(string? text)
    {
        var result = new List<(string, string)>();
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':');
            if (colon <= 0) return null;
            var codes = LevelSpelling.Parse(part[(colon + 1)..]);
            if (codes is not { Count: 1 }) return null;
            result.Add((part[..colon].Trim(), codes[0]));
        }
        return result;
    }
}

public sealed class QualificationFormValidator : AbstractValidator<QualificationForm>
{
    public QualificationFormValidator()
    {
        RuleFor(f => f.Reference).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the reference: an Ofqual number such as 603/5829/4, or a local code")
            .Must(r => QualificationReference.Normalise(r) is not null)
            .WithMessage("Enter the reference as an Ofqual number (603/5829/4 or 60358294) or a local code of 3 to 32 capitals, digits and hyphens starting with a letter");
        RuleFor(f => f.Title).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the title")
            .MaximumLength(500).WithMessage("The title must be 500 characters or fewer");
        RuleFor(f => f.Type).Must(t => t is not null && Vocabulary.QualificationTypes.Contains(t)).WithMessage("Select the type of qualification");
        RuleFor(f => f.Status).Must(t => t is not null && Vocabulary.QualificationStatuses.Contains(t)).WithMessage("Select the status");
        RuleFor(f => f.CommonCoreStatus).Must(t => t is not null && Vocabulary.CommonCoreStatuses.Contains(t)).WithMessage("Select how far the Common Core mapping has got");
        RuleFor(f => f.Level).Must(l => LevelSpelling.Parse(l) is not null)
            .WithMessage("Enter the level as Entry, Entry 1 to Entry 3, 1 to 8, or two of those such as 1/2; leave it empty if not levelled");
        RuleFor(f => f.Framework).NotEmpty().When(f => !string.IsNullOrWhiteSpace(f.Level)).WithMessage("Select the framework the level belongs to");
        RuleFor(f => f.OtherLevels).Must(t => QualificationForm.ParseOtherLevels(t) is not null)
            .WithMessage("Enter other levels as FRAMEWORK:LEVEL separated by semicolons, for example CAREER:3; NHS-CF:4");
        foreach (var (date, name) in new (System.Linq.Expressions.Expression<Func<QualificationForm, string?>>, string)[]
                 { (f => f.OperationalStart, "operational start"), (f => f.OperationalEnd, "operational end"), (f => f.CertificationEnd, "certification end") })
            RuleFor(date).Must(BeDate).WithMessage($"Enter the {name} date as YYYY-MM-DD, for example 2024-09-01");
        RuleFor(f => f.OperationalEnd).Must((f, end) => !(Ok(f.OperationalStart) && Ok(end) && QualificationForm.Date(end) < QualificationForm.Date(f.OperationalStart)))
            .WithMessage("The operational end date must be on or after the operational start date");
        RuleFor(f => f.CertificationEnd).Must((f, end) => !(Ok(f.OperationalStart) && Ok(end) && QualificationForm.Date(end) < QualificationForm.Date(f.OperationalStart)))
            .WithMessage("The certification end date must be on or after the operational start date");
        foreach (var (number, name) in new (System.Linq.Expressions.Expression<Func<QualificationForm, string?>>, string)[]
                 { (f => f.Credits, "Credits"), (f => f.Glh, "Guided learning hours"), (f => f.Tqt, "Total qualification time") })
            RuleFor(number).Must(BeWholeNumber).WithMessage($"{name} must be a whole number, 0 or more");
        RuleFor(f => f.ReviewIntervalMonths).Must(t => string.IsNullOrWhiteSpace(t) || (int.TryParse(t, out var m) && m is >= 1 and <= 120))
            .WithMessage("The review interval must be a whole number of months from 1 to 120");
        RuleFor(f => f.AgeFocus).Matches(@"^(all|[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}\+)$").When(f => !string.IsNullOrWhiteSpace(f.AgeFocus))
            .WithMessage("Enter the age focus as a range such as 0-5 or 11-19, an age and over such as 16+, or all");
        RuleFor(f => f.Notes).MaximumLength(10_000).WithMessage("Notes must be 10,000 characters or fewer");
    }

    private static bool Ok(string? d) => !string.IsNullOrWhiteSpace(d) && BeDate(d);

    private static bool BeDate(string? text) =>
        string.IsNullOrWhiteSpace(text) || DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool BeWholeNumber(string? text) =>
        string.IsNullOrWhiteSpace(text) || (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0);
}
