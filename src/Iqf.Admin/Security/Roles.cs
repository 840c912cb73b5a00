namespace Iqf.Admin.Security;

/// <summary>
/// The four roles and the policies built on them. Each policy admits its role and every role
/// above it: admin ⊃ editor ⊃ planner ⊃ viewer (an editor may read and run reports too).
/// </summary>
public static class Roles
{
    public const string Admin = "admin", Editor = "editor", Planner = "planner", Viewer = "viewer";
    public static readonly IReadOnlyList<string> All = [Admin, Editor, Planner, Viewer];

    public static class Policies
    {
        public const string Read = "read", Report = "report", Edit = "edit", Administer = "administer";
    }

    public static string[] AllowedFor(string policy) => policy switch
    {
        Policies.Read => [Admin, Editor, Planner, Viewer],
        Policies.Report => [Admin, Editor, Planner],
        Policies.Edit => [Admin, Editor],
        Policies.Administer => [Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(policy)),
    };
}
