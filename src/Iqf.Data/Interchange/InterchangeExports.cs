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
        ["modules"] = ModuleExport.WriteAsync,
        ["common-core"] = CommonCoreExport.WriteAsync,
        ["routes"] = RouteExport.WriteAsync,
        ["links"] = LinkExport.WriteAsync,
        // Beyond the interchange contract: the reference kinds in their seed-file formats, and the smaller kinds.
        ["level-frameworks"] = ReferenceExport.WriteFrameworksAsync,
        ["levels"] = ReferenceExport.WriteLevelsAsync,
        ["level-equivalences"] = ReferenceExport.WriteEquivalencesAsync,
        ["common-core-areas"] = ReferenceExport.WriteCommonCoreAreasAsync,
        ["clustering-schemes"] = ClusterExport.WriteSchemesAsync,
        ["clusters"] = ClusterExport.WriteClustersAsync,
        ["nos-suites"] = StandardExport.WriteSuitesAsync,
        ["occupational-standards"] = StandardExport.WriteAsync,
        ["provider-offerings"] = OfferingExport.WriteAsync,
        ["take-up"] = TakeUpExport.WriteAsync,
        ["role-qualifications"] = RoleQualificationExport.WriteAsync,
    };

    public static IReadOnlyCollection<string> Names => Known.Keys;

    public static Writer? Find(string name) => Known.GetValueOrDefault(name);
}
