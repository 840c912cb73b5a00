using Iqf.Data.Import.Kinds;

namespace Iqf.Data.Import;

/// <summary>The import formats by the name the command line and the Import page use.</summary>
public static class ImportKinds
{
    private static readonly Dictionary<string, Func<ImportKind>> Known = new(StringComparer.Ordinal)
    {
        ["organisations"] = () => new OrganisationImport(),
        ["qualifications"] = () => new QualificationImport(),
        ["modules"] = () => new ModuleImport(),
        ["common-core"] = () => new CommonCoreImport(),
        ["roles"] = () => new RoleImport(),
        ["role-qualifications"] = () => new RoleQualificationImport(),
        ["dfe-early-years"] = () => new DfeEarlyYearsImport(),
        ["ofqual-funded"] = () => new OfqualFundedImport(),
    };

    public static IReadOnlyCollection<string> Names => Known.Keys;

    public static ImportKind? Find(string name) => Known.TryGetValue(name, out var make) ? make() : null;
}
