using Npgsql;

namespace Iqf.Data.Interchange;

/// <summary>The export formats by kind name: each writes the records with the given ids (all when null).</summary>
public static class InterchangeExports
{
    public delegate Task Writer(NpgsqlConnection conn, IReadOnlyCollection<long>? ids, TextWriter output, CancellationToken ct);

    private static readonly Dictionary<string, Writer> Known = new(StringComparer.Ordinal)
    {
        ["organisations"] = OrganisationExport.WriteAsync,
        ["qualifications"] = QualificationExport.WriteAsync,
        ["roles"] = RoleExport.WriteAsync,
        ["role-qualifications"] = RoleQualificationExport.WriteAsync,
    };

    public static IReadOnlyCollection<string> Names => Known.Keys;

    public static Writer? Find(string name) => Known.GetValueOrDefault(name);
}
