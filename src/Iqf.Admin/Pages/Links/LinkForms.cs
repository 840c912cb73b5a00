using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Iqf.Admin.Pages.Links;

/// <summary>
/// What the link form posts: adding (an address, the record it belongs to and why) or changing
/// the address of an existing link (the owner fields are then not used).
/// </summary>
public sealed class LinkForm : IOwnerFields
{
    public string? Url { get; set; }
    public string? OwnerKind { get; set; }
    public string? OwnerKey { get; set; }
    public string? Purpose { get; set; }

    /// <summary>The link's row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form (the database's clock, ms), to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    /// <summary>Set by the page, never posted: whether the owner fields are part of this save.</summary>
    [BindNever] public bool Adding { get; set; }
    bool IOwnerFields.NamesOwner => Adding;

    public static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>What the owner form posts: a record to add to a link, or the purpose of one it already has.</summary>
public sealed class LinkOwnerForm : IOwnerFields
{
    public string? OwnerKind { get; set; }
    public string? OwnerKey { get; set; }
    public string? Purpose { get; set; }
    /// <summary>The link's row version: owners belong to the link, so changing them checks and moves it on.</summary>
    public uint Version { get; set; }
    public long LoadedAt { get; set; }

    /// <summary>Set by the page, never posted: true when only the purpose of an existing owner is being changed.</summary>
    [BindNever] public bool PurposeOnly { get; set; }
    bool IOwnerFields.NamesOwner => !PurposeOnly;
}

public static partial class LinkRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxPurposeLength = 1000;

    public const string UrlMessage = "Enter the full web address, starting with http:// or https://, for example https://www.gov.uk/government/publications";

    /// <summary>
    /// An absolute http or https address with a host and no spaces: the only kind the link
    /// checker can follow and the schema accepts. Other schemes (ftp:, mailto:, javascript:) are refused.
    /// </summary>
    public static bool IsWebAddress(string? text)
    {
        var url = text?.Trim();
        return url is { Length: > 0 } && WebAddressStart().IsMatch(url) && !url.Any(char.IsWhiteSpace)
               && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
    }

    /// <summary>An address carrying a user name or password (https://name:secret@host/).</summary>
    public static bool HasSignInDetails(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0;

    [GeneratedRegex("^https?://[^/?#@:]", RegexOptions.IgnoreCase)]
    private static partial Regex WebAddressStart();
}

/// <summary>The owner fields both link forms share, validated once.</summary>
public interface IOwnerFields
{
    string? OwnerKind { get; }
    string? OwnerKey { get; }
    /// <summary>Whether this save names an owner (adding one) rather than leaving the owner as it is.</summary>
    bool NamesOwner { get; }
}

public sealed class OwnerFieldsValidator : AbstractValidator<IOwnerFields>
{
    public OwnerFieldsValidator()
    {
        When(f => f.NamesOwner, () =>
        {
            RuleFor(f => f.OwnerKind).Must(k => k is not null && LinkVocabulary.OwnerKinds.Contains(k))
                .WithMessage("Select the kind of record the link belongs to");
            RuleFor(f => f.OwnerKey).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(f => LinkVocabulary.OwnerKinds.Contains(f.OwnerKind ?? "")
                    ? $"Enter the {LinkVocabulary.OwnerKindLabel(f.OwnerKind!).ToLowerInvariant()}'s {KeyName(f.OwnerKind!)}"
                    : "Enter the reference, name, title or code of the record the link belongs to")
                .MaximumLength(600).WithMessage("That is too long to name a record: enter its reference, name, title or code");
        });
    }

    private static string KeyName(string kind) => kind switch
    {
        "qualification" => "reference",
        "organisation" => "name",
        "role" => "title",
        "provider" => "reference, provider, region and mode",
        _ => "code",
    };
}

public sealed class LinkFormValidator : AbstractValidator<LinkForm>
{
    public LinkFormValidator()
    {
        RuleFor(f => f.Url).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the web address of the link")
            .Must(u => u!.Trim().Length <= LinkRules.MaxUrlLength).WithMessage($"The web address must be {LinkRules.MaxUrlLength:N0} characters or fewer")
            .Must(LinkRules.IsWebAddress).WithMessage(LinkRules.UrlMessage)
            .Must(u => !LinkRules.HasSignInDetails(u)).WithMessage("Leave the user name and password out of the address: the database is no place for them");
        Include(new OwnerFieldsValidator());
        RuleFor(f => f.Purpose).MaximumLength(LinkRules.MaxPurposeLength).When(f => f.Adding)
            .WithMessage($"The purpose must be {LinkRules.MaxPurposeLength:N0} characters or fewer");
    }
}

public sealed class LinkOwnerFormValidator : AbstractValidator<LinkOwnerForm>
{
    public LinkOwnerFormValidator()
    {
        Include(new OwnerFieldsValidator());
        RuleFor(f => f.Purpose).MaximumLength(LinkRules.MaxPurposeLength)
            .WithMessage($"The purpose must be {LinkRules.MaxPurposeLength:N0} characters or fewer");
    }
}
