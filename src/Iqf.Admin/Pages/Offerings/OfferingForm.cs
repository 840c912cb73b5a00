using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using Iqf.Domain;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Offerings;

/// <summary>
/// What the offering form posts. The qualification is given by its reference (any spelling the
/// register accepts), the cost and interval as text, so that a wrong value gets a message
/// written for people rather than a model-binding error.
/// </summary>
public sealed partial class OfferingForm
{
    public string? QualificationReference { get; set; }
    public long? ProviderId { get; set; }
    public string? Region { get; set; }
    public string? Mode { get; set; }
    public string? Cost { get; set; }
    public string? Url { get; set; }
    public string? ReviewIntervalMonths { get; set; }

    public uint Version { get; set; }
    public long LoadedAt { get; set; }

    /// <summary>The largest cost numeric(10, 2) holds.</summary>
    public const decimal MaxCost = 99_999_999.99m;

    public static OfferingForm From(ProviderOffering o, string reference) => new()
    {
        QualificationReference = reference,
        ProviderId = o.ProviderId,
        Region = o.Region,
        Mode = o.Mode,
        Cost = o.Cost?.ToString("0.00", CultureInfo.InvariantCulture),
        Url = o.Url,
        ReviewIntervalMonths = o.ReviewIntervalMonths?.ToString(CultureInfo.InvariantCulture),
        Version = o.Version,
    };

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// Pounds as people write them: "250", "1250.5", "£1,250.50". Null when it is not an amount
    /// of at most two decimal places (commas only as thousands separators, so "1,5" is refused
    /// rather than read as fifteen).
    /// </summary>
    public static decimal? ParseCost(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (!CostPattern().IsMatch(t)) return null;
        return decimal.TryParse(t.TrimStart('£').Trim().Replace(",", ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    [GeneratedRegex(@"^£?\s*([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\.[0-9]{1,2})?$")]
    private static partial Regex CostPattern();

    /// <summary>Whether the text is a number at all (so the message can say what is wrong with it).</summary>
    public static bool LooksNumeric(string text) =>
        decimal.TryParse(text.Trim().TrimStart('£').Replace(",", ""), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    public static bool IsWebAddress(string text) =>
        Regex.IsMatch(text.Trim(), "^https?://[^/?#\\s]", RegexOptions.IgnoreCase)
        && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !text.Trim().Any(char.IsWhiteSpace);
}

public sealed class OfferingFormValidator : AbstractValidator<OfferingForm>
{
    public OfferingFormValidator()
    {
        RuleFor(f => f.QualificationReference).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the reference of the qualification offered, for example 603/5829/4 or NVQ3-CCLD")
            .Must(r => QualificationReference.Normalise(r) is not null)
            .WithMessage("Enter the reference as an Ofqual number (603/5829/4 or 60358294) or a local code such as NVQ3-CCLD");
        RuleFor(f => f.ProviderId).NotNull().WithMessage("Select the provider that offers it");
        RuleFor(f => f.Region).Must(r => r is not null && Vocabulary.Regions.Contains(r)).WithMessage("Select the region where it is offered");
        RuleFor(f => f.Mode).Must(m => m is not null && Vocabulary.StudyModes.Contains(m)).WithMessage("Select how it is studied");
        RuleFor(f => f.Cost).Custom((text, context) =>
        {
            if (string.IsNullOrWhiteSpace(text)) return;
            var cost = OfferingForm.ParseCost(text);
            if (cost is null)
                context.AddFailure(!OfferingForm.LooksNumeric(text) ? "Enter the cost as an amount in pounds, for example 250 or 1,250.50"
                    : text.Trim().StartsWith('-') ? "The cost cannot be negative: leave it empty if it is not known"
                    : "Enter the cost in pounds and pence, with at most 2 decimal places, for example 1,250.50");
            else if (cost > OfferingForm.MaxCost)
                context.AddFailure("The cost must be less than £100,000,000");
        });
        RuleFor(f => f.Url).Cascade(CascadeMode.Stop)
            .Must(u => OfferingForm.IsWebAddress(u!)).When(f => !string.IsNullOrWhiteSpace(f.Url))
            .WithMessage("Enter the web page as a full address starting with http:// or https://, for example https://www.example.ac.uk/courses/cache-level-3")
            .Must(u => u!.Trim().Length <= 2048).When(f => !string.IsNullOrWhiteSpace(f.Url))
            .WithMessage("The web address must be 2,048 characters or fewer");
        RuleFor(f => f.ReviewIntervalMonths)
            .Must(t => string.IsNullOrWhiteSpace(t) || (int.TryParse(t.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 120))
            .WithMessage("The review interval must be a whole number of months from 1 to 120");
    }
}
