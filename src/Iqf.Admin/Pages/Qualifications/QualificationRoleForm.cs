using FluentValidation;
using Iqf.Admin.Pages.JobRoles;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Qualifications;

/// <summary>
/// One role-qualification link as the qualification's EditRoles form posts it: the job role
/// chosen from a list, and the same terms (and rules) as the role's own page uses.
/// </summary>
public sealed class QualificationRoleForm : RoleQualificationTerms
{
    public long? JobRoleId { get; set; }

    public static QualificationRoleForm From(RoleQualification link, uint version, long loadedAt)
    {
        var form = new QualificationRoleForm { JobRoleId = link.JobRoleId };
        form.CopyFrom(link, version, loadedAt);
        return form;
    }
}

public sealed class QualificationRoleFormValidator : AbstractValidator<QualificationRoleForm>
{
    public QualificationRoleFormValidator()
    {
        // Whether the role exists (and is current) is for the page to check against the database.
        RuleFor(f => f.JobRoleId).NotNull().WithMessage("Select the job role");
        Include(new RoleQualificationTermsValidator());
    }
}
