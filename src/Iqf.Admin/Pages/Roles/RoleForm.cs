using System.Globalization;
using FluentValidation;
using Iqf.Domain;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>
/// What the role form posts. Numbers arrive as text so that a wrong value gets a message written
/// for people rather than a model-binding error.
/// </summary>
public sealed class RoleForm
{
    public string? Title { get; set; }
    /// <summary>The other names, separated by semicolons as in the interchange files.</summary>
    public string? Aliases { get; set; }
    public string? Description { get; set; }
    public string? CareerLevel { get; set; }
    public string? Workforce { get; set; }
    public string? Status { get; set; } = Vocabulary.RoleStatus.Established;
    public string? MandatoryRequirement { get; set; }
    public long? RegistrationBodyId { get; set; }
    public string? ReviewIntervalMonths { get; set; }
    /// <summary>The chosen cluster of each clustering scheme, by scheme id; null means not placed in that scheme.</summary>
    public Dictionary<int, int?> Clusters { get; set; } = [];

    /// <summary>The role's row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form, to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    public static RoleForm From(JobRole r) => new()
    {
        Title = r.Title,
        Aliases = string.Join("; ", r.Aliases.Select(a => a.Alias).Order(StringComparer.OrdinalIgnoreCase)),
        Description = r.Description,
        CareerLevel = r.CareerLevel?.ToString(CultureInfo.InvariantCulture),
        Workforce = r.Workforce,
        Status = r.Status,
        MandatoryRequirement = r.MandatoryRequirement,
        RegistrationBodyId = r.RegistrationBodyId,
        ReviewIntervalMonths = r.ReviewIntervalMonths?.ToString(CultureInfo.InvariantCulture),
        Clusters = r.Clusters.ToDictionary(c => c.SchemeId, c => (int?)c.ClusterId),
        Version = r.Version,
    };

    /// <summary>The aliases as a list: split on semicolons (or line breaks), trimmed, empty ones dropped.</summary>
    public static List<string> AliasList(string? text) =>
        (text ?? "").Split([';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed class RoleFormValidator : AbstractValidator<RoleForm>
{
    public const int MaxTitle = 200;

    public RoleFormValidator()
    {
        RuleFor(f => f.Title).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the job title")
            .Must(t => t!.Trim().Length <= MaxTitle).WithMessage($"The title must be {MaxTitle} characters or fewer");
        RuleFor(f => f.Aliases).Custom((text, context) =>
        {
            var aliases = RoleForm.AliasList(text);
            var title = context.InstanceToValidate.Title?.Trim();
            if (aliases.FirstOrDefault(a => a.Length > MaxTitle) is { } tooLong)
                context.AddFailure($"Each alias must be {MaxTitle} characters or fewer: \"{tooLong[..40]}...\" is longer");
            else if (aliases.GroupBy(a => a, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
                context.AddFailure($"{twice.Key} is given twice: give each alias once");
            else if (title is not null && aliases.FirstOrDefault(a => string.Equals(a, title, StringComparison.OrdinalIgnoreCase)) is { } same)
                context.AddFailure($"{same} is the title: aliases are the other names the role goes by");
        });
        RuleFor(f => f.CareerLevel).Must(l => string.IsNullOrEmpty(l) || (short.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 6))
            .WithMessage("Select a career level from 1 to 6, or leave it empty");
        RuleFor(f => f.Workforce).Must(w => string.IsNullOrEmpty(w) || Vocabulary.Workforces.Contains(w))
            .WithMessage("Select the central children's workforce or the wider workforce, or leave it empty");
        RuleFor(f => f.Status).Must(s => s is not null && Vocabulary.RoleStatuses.Contains(s)).WithMessage("Select the status: established, emerging or legacy");
        RuleFor(f => f.Description).MaximumLength(10_000).WithMessage("The description must be 10,000 characters or fewer");
        RuleFor(f => f.MandatoryRequirement).MaximumLength(2_000).WithMessage("The mandatory requirement must be 2,000 characters or fewer");
        RuleFor(f => f.ReviewIntervalMonths).Must(t => string.IsNullOrWhiteSpace(t) || (int.TryParse(t, out var m) && m is >= 1 and <= 120))
            .WithMessage("The review interval must be a whole number of months from 1 to 120");
    }
}
