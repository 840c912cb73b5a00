using System.Globalization;
using System.Text;
using Dapper;
using Iqf.Admin.Web.Lists;
using Iqf.Domain;

namespace Iqf.Admin.Pages.Offerings;

/// <summary>The offering list's filters as they appear in the query string, and the SQL they make.</summary>
public sealed class OfferingSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "qualification";

    /// <summary>The provider organisation's id (text, so that a mangled value gets a message rather than a binding error).</summary>
    public string? Provider { get; set; }
    public string? Region { get; set; }
    public string? Mode { get; set; }
    /// <summary>A qualification's reference in any spelling the register accepts.</summary>
    public string? Qualification { get; set; }
    /// <summary>Lowest and highest cost in pounds, inclusive; offerings without a cost drop out when either is given.</summary>
    public string? CostMin { get; set; }
    public string? CostMax { get; set; }

    public long? ProviderId => long.TryParse(Provider, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    /// <summary>The stored spelling of <see cref="Qualification"/>, once validated.</summary>
    public string? Reference { get; private set; }
    public decimal? Min { get; private set; }
    public decimal? Max { get; private set; }

    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        ["qualification"] = "q.reference collate \"C\"",
        ["title"] = "q.title_search collate \"C\"",
        ["provider"] = "search_text(pr.name::text) collate \"C\"",
        ["region"] = "po.region collate \"C\"",
        ["mode"] = "po.mode collate \"C\"",
        ["cost"] = "po.cost",
        ["updated"] = "po.updated_at",
    };

    /// <summary>The tables the WHERE clause and the sort keys name.</summary>
    public const string From = """
        provider_offering po
        join qualification q on q.id = po.qualification_id
        join organisation pr on pr.id = po.provider_id
        """;

    /// <param name="providerIds">organisations that offer something, the ones the filter lists</param>
    /// <param name="referenceExists">whether a qualification has this (normalised) reference</param>
    public async Task ValidateAsync(IReadOnlyCollection<long> providerIds, Func<string, Task<bool>> referenceExists)
    {
        if (Provider is not null && (ProviderId is not { } p || !providerIds.Contains(p))) { Problems.Add(("Provider", $"Organisation {Provider} offers no qualifications: choose a provider from the list")); Provider = null; }
        if (Region is not null && !Vocabulary.Regions.Contains(Region)) { Problems.Add(("Region", $"There is no region called {Region}")); Region = null; }
        if (Mode is not null && !Vocabulary.StudyModes.Contains(Mode)) { Problems.Add(("Mode", $"There is no mode of study called {Mode}")); Mode = null; }
        Qualification = string.IsNullOrWhiteSpace(Qualification) ? null : Qualification.Trim();
        if (Qualification is not null)
        {
            var reference = QualificationReference.Normalise(Qualification);
            if (reference is null) Problems.Add(("Qualification", $"{Qualification} is not a qualification reference: use an Ofqual number such as 603/5829/4 or a local code such as NVQ3-CCLD"));
            else if (!await referenceExists(reference)) Problems.Add(("Qualification", $"There is no qualification with reference {reference}"));
            else Reference = reference;
            if (Reference is null) Qualification = null;
        }
        Min = Cost(CostMin, "CostMin", "lowest");
        Max = Cost(CostMax, "CostMax", "highest");
        if (Min > Max) { Problems.Add(("CostMax", $"The highest cost ({CostText(Max)}) is below the lowest ({CostText(Min)})")); Max = null; CostMax = null; }
        if (Min is null) CostMin = null;
        if (Max is null) CostMax = null;
        ValidateCommon();
    }

    private decimal? Cost(string? text, string field, string which)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (OfferingForm.ParseCost(text) is { } cost) return cost;
        Problems.Add((field, $"Enter the {which} cost in pounds, for example 250 or 1,250.50, not {text.Trim()}"));
        return null;
    }

    /// <summary>The WHERE clause over <see cref="From"/> (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        sql.Append(ArchivedClause("po"));
        if (Q is not null)
        {
            // What the offering is of (title or reference in any spelling) or who offers it (name, acronym or alias).
            sql.Append("""
                 and (q.title_search like '%' || search_text(@q) || '%' or q.reference ilike '%' || @q || '%' or q.reference = normalise_reference(@qraw)
                      or po.provider_id in (select organisation_id from organisation_name_lookup where folded like '%' || search_text(@q) || '%'))
                """);
            p.Add("q", EscapeLike(Q));
            p.Add("qraw", Q);
        }
        if (ProviderId is { } provider) { sql.Append(" and po.provider_id = @provider"); p.Add("provider", provider); }
        if (Region is not null) { sql.Append(" and po.region = @region"); p.Add("region", Region); }
        if (Mode is not null) { sql.Append(" and po.mode = @mode"); p.Add("mode", Mode); }
        if (Reference is not null) { sql.Append(" and q.reference = @reference"); p.Add("reference", Reference); }
        if (Min is not null) { sql.Append(" and po.cost >= @min"); p.Add("min", Min); }
        if (Max is not null) { sql.Append(" and po.cost <= @max"); p.Add("max", Max); }
        return (sql.ToString(), p);
    }

    public bool AnyFilter => Q is not null || Provider is not null || Region is not null || Mode is not null || Qualification is not null
                             || CostMin is not null || CostMax is not null || Show is "archived" or "all";

    public static string RegionLabel(string region) => region switch
    {
        "north-east" => "North East",
        "north-west" => "North West",
        "yorkshire-and-the-humber" => "Yorkshire and the Humber",
        "east-midlands" => "East Midlands",
        "west-midlands" => "West Midlands",
        "east-of-england" => "East of England",
        "london" => "London",
        "south-east" => "South East",
        "south-west" => "South West",
        "national" => "National (anywhere in England)",
        _ => region,
    };

    public static string ModeLabel(string mode) => mode switch
    {
        "full-time" => "Full-time",
        "part-time" => "Part-time",
        "distance" => "Distance learning",
        "work-based" => "Work-based",
        "blended" => "Blended",
        _ => mode,
    };

    public static string CostText(decimal? cost) => cost is null ? "" : cost.Value.ToString("£#,##0.00", CultureInfo.InvariantCulture);
}
