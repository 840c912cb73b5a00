using System.Text.RegularExpressions;
using FluentValidation;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// One web link of a qualification as the EditLinks form posts it: a new address with its
/// purpose, or (with <see cref="OwnerId"/>) a new purpose for a link the qualification has.
/// </summary>
public sealed partial class QualificationLinkForm
{
    /// <summary>The address; only for a new link (an existing link's address is the link itself: remove it and add another).</summary>
    public string? Url { get; set; }
    /// <summary>What the page is for this qualification, e.g. "Specification"; optional.</summary>
    public string? Purpose { get; set; }
    /// <summary>The link_owner row whose purpose is being changed; null when adding.</summary>
    public long? OwnerId { get; set; }

    /// <summary>The qualification's row version (xmin) when the page was opened; every change to its links checks and moves it.</summary>
    public uint Version { get; set; }
    public long LoadedAt { get; set; }

    public bool Changing => OwnerId is not null;

    /// <summary>
    /// An absolute http or https address as the database stores it (external_link's checks and
    /// normalise_url() want "scheme://host"): no spaces, a host, nothing .NET would silently repair.
    /// </summary>
    public static bool IsWebAddress(string? text)
    {
        var url = text?.Trim();
        return url is not null && SchemeAndHost().IsMatch(url) && !url.Any(char.IsWhiteSpace)
               && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
    }

    [GeneratedRegex("^https?://[^/?#]+", RegexOptions.IgnoreCase)]
    private static partial Regex SchemeAndHost();
}

public sealed class QualificationLinkFormValidator : AbstractValidator<QualificationLinkForm>
{
    public QualificationLinkFormValidator()
    {
        When(f => !f.Changing, () =>
            RuleFor(f => f.Url).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("Enter the web address, for example https://www.gov.uk/guidance/early-years-qualifications")
                .MaximumLength(2_000).WithMessage("A web address must be 2,000 characters or fewer")
                .Must(QualificationLinkForm.IsWebAddress)
                .WithMessage("Enter a full web address starting https:// or http://, without spaces, for example https://www.gov.uk/guidance/early-years-qualifications"));
        RuleFor(f => f.Purpose).MaximumLength(1_000).WithMessage("The purpose must be 1,000 characters or fewer");
    }
}
