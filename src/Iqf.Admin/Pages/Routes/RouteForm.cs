using System.Globalization;
using System.Linq.Expressions;
using FluentValidation;
using Iqf.Domain;

namespace Iqf.Admin.Pages.Routes;

/// <summary>
/// What the route form posts. Each end is a kind (role or qualification) and then either a role
/// chosen from a list or a qualification reference typed in any spelling the register accepts;
/// only the field of the chosen kind counts. Bridging qualifications and modules are one per
/// line, in the order a learner takes them.
/// </summary>
public sealed class RouteForm
{
    public const string Role = "role";
    public const string Qualification = "qualification";

    public string? FromKind { get; set; }
    public string? FromRoleId { get; set; }
    public string? FromQualification { get; set; }
    public string? ToKind { get; set; }
    public string? ToRoleId { get; set; }
    public string? ToQualification { get; set; }
    public string? Direction { get; set; }
    public string? Mechanism { get; set; } = "direct";
    public string? ViaQualifications { get; set; }
    public string? ViaModules { get; set; }
    public string? Notes { get; set; }
    public string? ReviewIntervalMonths { get; set; }

    /// <summary>The row version (xmin) the editor started from; a different one in the database is a conflict.</summary>
    public uint Version { get; set; }
    /// <summary>When the editor opened the form, to show what others changed since.</summary>
    public long LoadedAt { get; set; }

    /// <summary>Lines of a textarea, trimmed, blank ones dropped, in the order given.</summary>
    public static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Length > 0).ToList();

    public static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static long? RoleIdOf(string? text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public long? FromRole => FromKind == Role ? RoleIdOf(FromRoleId) : null;
    public long? ToRole => ToKind == Role ? RoleIdOf(ToRoleId) : null;
    /// <summary>The stored spelling of the from-qualification's reference, when that is the kind chosen.</summary>
    public string? FromReference => FromKind == Qualification ? QualificationReference.Normalise(FromQualification) : null;
    public string? ToReference => ToKind == Qualification ? QualificationReference.Normalise(ToQualification) : null;

    /// <summary>The bridging references in their stored spelling (unreadable ones kept as typed; the validator refuses those).</summary>
    public List<string> ViaReferences => Lines(ViaQualifications).Select(l => QualificationReference.Normalise(l) ?? l).ToList();
    public List<string> ViaModuleCodes => Lines(ViaModules);
}

/// <summary>The rules a route form must meet before the database is asked anything.</summary>
public sealed class RouteFormValidator : AbstractValidator<RouteForm>
{
    private const string ReferenceFormat = "as an Ofqual number (603/5829/4 or 60358294) or a local code such as NVQ3-CCLD";

    public RouteFormValidator()
    {
        End(f => f.FromKind, f => f.FromRoleId, f => f.FromQualification, "starts from");
        End(f => f.ToKind, f => f.ToRoleId, f => f.ToQualification, "leads to");

        // A route that ends where it starts goes nowhere (the database refuses it too).
        RuleFor(f => f.ToRoleId)
            .Must((f, _) => f.FromRole is null || f.FromRole != f.ToRole)
            .WithMessage("A route cannot lead to the job role it starts from: choose a different job role");
        RuleFor(f => f.ToQualification)
            .Must((f, _) => f.FromReference is null || f.FromReference != f.ToReference)
            .WithMessage("A route cannot lead to the qualification it starts from: choose a different qualification");

        RuleFor(f => f.Direction).Must(d => d is not null && Vocabulary.Directions.Contains(d))
            .WithMessage("Select whether the route goes up a ladder (vertical) or across to another sector (horizontal)");
        RuleFor(f => f.Mechanism).Must(m => m is not null && Vocabulary.Mechanisms.Contains(m))
            .WithMessage("Select how the route is made: direct, top up, conversion, transfer unit, APEL, fast track or employment based");

        RuleFor(f => f.ViaQualifications).Custom((text, context) =>
        {
            var form = context.InstanceToValidate;
            var seen = new HashSet<string>();
            foreach (var line in RouteForm.Lines(text))
            {
                var reference = QualificationReference.Normalise(line);
                string? problem =
                    reference is null ? $"\"{Short(line)}\" is not a qualification reference: enter one reference per line, {ReferenceFormat}"
                    : !seen.Add(reference) ? $"{reference} is given twice"
                    : reference == form.FromReference ? $"{reference} is where the route starts: list only the qualifications taken on the way"
                    : reference == form.ToReference ? $"{reference} is where the route leads: list only the qualifications taken on the way"
                    : null;
                if (problem is null) continue;
                context.AddFailure(problem);
                return;
            }
        });
        RuleFor(f => f.ViaModules).Custom((text, context) =>
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var code in RouteForm.Lines(text))
            {
                string? problem =
                    code.Length > 64 ? $"\"{Short(code)}\" is too long for a module code: enter one code per line"
                    : code.Contains(';') ? $"Put each module code on its own line: \"{Short(code)}\" contains a semicolon"
                    : !seen.Add(code) ? $"{code} is given twice"
                    : null;
                if (problem is null) continue;
                context.AddFailure(problem);
                return;
            }
        });
        RuleFor(f => f.Notes).MaximumLength(4_000).WithMessage("Notes must be 4,000 characters or fewer");
        RuleFor(f => f.ReviewIntervalMonths).Must(t => string.IsNullOrWhiteSpace(t) || (int.TryParse(t, out var m) && m is >= 1 and <= 120))
            .WithMessage("The review interval must be a whole number of months from 1 to 120");
    }

    /// <summary>The rules for one end: a kind, then the field of that kind filled in properly.</summary>
    private void End(Expression<Func<RouteForm, string?>> kind, Expression<Func<RouteForm, string?>> role,
        Expression<Func<RouteForm, string?>> qualification, string verb)
    {
        var kindOf = kind.Compile();
        RuleFor(kind).Must(k => k is RouteForm.Role or RouteForm.Qualification)
            .WithMessage($"Select whether the route {verb} a job role or a qualification");
        RuleFor(role).Must(r => RouteForm.RoleIdOf(r) is not null)
            .When(f => kindOf(f) == RouteForm.Role)
            .WithMessage($"Select the job role the route {verb}");
        RuleFor(qualification).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage($"Enter the reference of the qualification the route {verb}")
            .Must(q => QualificationReference.Normalise(q) is not null).WithMessage($"Enter the reference {ReferenceFormat}")
            .When(f => kindOf(f) == RouteForm.Qualification);
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
