using FluentValidation;

namespace Iqf.Admin.Pages.CommonCore;

/// <summary>What the area form posts: the area's name and description in each version.</summary>
public sealed class AreaForm
{
    public List<WordingForm> Wordings { get; set; } = [];
    /// <summary>When the editor opened the form, to show what others changed since.</summary>
    public long LoadedAt { get; set; }
}

public sealed class WordingForm
{
    public short VersionId { get; set; }
    /// <summary>The version's code, for labels and messages; set from the database, never trusted from the post.</summary>
    public string Code { get; set; } = "";
    public string? Name { get; set; }
    public string? Description { get; set; }
    /// <summary>The row's version (xmin) when the form was opened; 0 when the area had no wording in this version.</summary>
    public long Version { get; set; }
}

public sealed class AreaFormValidator : AbstractValidator<AreaForm>
{
    public AreaFormValidator()
    {
        RuleForEach(f => f.Wordings).ChildRules(w =>
        {
            w.RuleFor(x => x.Name).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage(x => $"Enter the area's name in the {x.Code} wording")
                .MaximumLength(300).WithMessage(x => $"The {x.Code} name must be 300 characters or fewer");
            w.RuleFor(x => x.Description).MaximumLength(2000).WithMessage(x => $"The {x.Code} description must be 2,000 characters or fewer");
        });
    }
}
