using System.Globalization;
using FluentValidation;
using Iqf.Domain.Entities;

namespace Iqf.Admin.Pages.Clusters;

/// <summary>What the cluster form posts. The sort order arrives as text so a wrong value gets a message written for people.</summary>
public sealed class ClusterForm
{
    public int? SchemeId { get; set; }
    /// <summary>The cluster it sits within; none for a top-level cluster of its scheme.</summary>
    public int? ParentId { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? SortOrder { get; set; }

    /// <summary>The row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form, to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    public static ClusterForm From(Cluster c) => new()
    {
        SchemeId = c.SchemeId,
        ParentId = c.ParentId,
        Name = c.Name,
        Description = c.Description,
        SortOrder = c.SortOrder.ToString(CultureInfo.InvariantCulture),
        Version = c.Version,
    };

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// The sort order typed (once validated), or null when left empty (the cluster then goes last).
    /// A method, not a property: model validation reads every property of the form, before the
    /// validator has had its say on the text.
    /// </summary>
    public int? SortOrderValue() => string.IsNullOrWhiteSpace(SortOrder) ? null : int.Parse(SortOrder.Trim(), CultureInfo.InvariantCulture);

    /// <summary>
    /// Characters a name cannot hold: files write a cluster as SCHEME:Parent/Child and separate
    /// several with ";" (the schema refuses / and ; itself; ":" would make SCHEME:Path ambiguous to read).
    /// </summary>
    public static readonly char[] Reserved = ['/', ';', ':'];
}

public sealed class ClusterFormValidator : AbstractValidator<ClusterForm>
{
    public ClusterFormValidator()
    {
        RuleFor(f => f.SchemeId).NotNull().WithMessage("Select the clustering scheme");
        RuleFor(f => f.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the cluster's name")
            .Must(n => n!.Trim().Length > 0).WithMessage("Enter the cluster's name")
            .MaximumLength(200).WithMessage("The name must be 200 characters or fewer")
            .Must(n => n!.IndexOfAny(ClusterForm.Reserved) < 0)
            .WithMessage("The name cannot contain /, ; or : because files write a cluster as SCHEME:Parent/Child and separate several with ;");
        RuleFor(f => f.Description).MaximumLength(2000).WithMessage("The description must be 2,000 characters or fewer");
        RuleFor(f => f.SortOrder)
            .Must(t => string.IsNullOrWhiteSpace(t) || (int.TryParse(t.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 9999))
            .WithMessage("Enter the sort order as a whole number from 0 to 9999, or leave it empty to put the cluster last");
    }
}
