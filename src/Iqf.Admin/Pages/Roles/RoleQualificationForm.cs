using FluentValidation;
using Iqf.Domain;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.JobRoles;

/// <summary>One role-qualification link as the role's EditQualifications form posts it: the qualification by reference, and the terms.</summary>
public sealed class RoleQualificationForm : RoleQualificationTerms
{
    /// <summary>The qualification's reference in any spelling the register accepts (603/5829/4, 60358294, nvq3-ccld).</summary>
    public string? Reference { get; set; }

    public static RoleQualificationForm From(RoleQualification link, string reference, uint version, long loadedAt)
    {
        var form = new RoleQualificationForm { Reference = reference };
        form.CopyFrom(link, version, loadedAt);
        return form;
    }
}

public sealed class RoleQualificationFormValidator : AbstractValidator<RoleQualificationForm>
{
    public RoleQualificationFormValidator()
    {
        RuleFor(f => f.Reference).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the reference of the qualification, for example 603/5829/4 or NVQ3-CCLD")
            .Must(r => QualificationReference.Normalise(r) is not null)
            .WithMessage("Enter the reference as an Ofqual number (603/5829/4 or 60358294) or a local code such as NVQ3-CCLD");
        Include(new RoleQualificationTermsValidator());
    }
}
