using FluentValidation;

namespace Iqf.Admin.Pages.Frameworks;

/// <summary>What the "add an equivalence" form posts; the level it starts from is the page's.</summary>
public sealed class EquivalenceForm
{
    public int? OtherLevelId { get; set; }
    public string? Note { get; set; }
    public string? Source { get; set; }

    /// <summary>The row version (xmin) of the page's level when the page was shown: equivalence changes move it on.</summary>
    public uint Version { get; set; }
    /// <summary>When the page was shown, to list what others changed since.</summary>
    public long LoadedAt { get; set; }
}

public sealed class EquivalenceFormValidator : AbstractValidator<EquivalenceForm>
{
    public EquivalenceFormValidator()
    {
        RuleFor(f => f.OtherLevelId).NotNull().WithMessage("Select the level it is equivalent to");
        RuleFor(f => f.Note).MaximumLength(1000).WithMessage("The note must be 1,000 characters or fewer");
        RuleFor(f => f.Source).MaximumLength(300).WithMessage("The source must be 300 characters or fewer");
    }
}
