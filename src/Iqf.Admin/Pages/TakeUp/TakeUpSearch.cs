using System.Globalization;
using System.Text;
using Dapper;
using Iqf.Admin.Web.Lists;
using Iqf.Domain;

namespace Iqf.Admin.Pages.TakeUpFigures;

/// <summary>
/// The take-up list's filters as they appear in the query string, and the SQL they make.
/// /TakeUp?qualification=REF is the list of one qualification's figures, for linking from its page.
/// </summary>
public sealed class TakeUpSearch : ListSearch
{
    public const int FirstYear = 1990, LastYear = 2100;

    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "qualification";

    /// <summary>A qualification reference in any spelling; stored here in its normal spelling.</summary>
    public string? Qualification { get; set; }
    /// <summary>First and last academic year (the calendar year each starts in), as typed.</summary>
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Source { get; set; }

    public short? FromYear { get; private set; }
    public short? ToYear { get; private set; }

    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        // A qualification's figures together, oldest year first (a space sorts before every character a reference has).
        ["qualification"] = "(q.reference || ' ' || t.year || ' ' || t.source) collate \"C\"",
        ["title"] = "q.title_search collate \"C\"",
        ["year"] = "t.year",
        ["source"] = "t.source collate \"C\"",
        ["learners"] = "t.learners",
        ["updated"] = "t.updated_at",
    };

    public void Validate()
    {
        if (!string.IsNullOrWhiteSpace(Qualification))
        {
            var reference = QualificationReference.Normalise(Qualification);
            if (reference is null) { Problems.Add(("Qualification", $"{Qualification.Trim()} is not a qualification reference")); Qualification = null; }
            else Qualification = reference;
        }
        else Qualification = null;
        FromYear = Year(From, "From", "first");
        ToYear = Year(To, "To", "last");
        if (FromYear > ToYear) { Problems.Add(("To", "The last year must be the same as or after the first year")); FromYear = ToYear = null; }
        if (Source is not null && !Vocabulary.TakeUpSources.Contains(Source)) { Problems.Add(("Source", $"There is no take-up source called {Source}")); Source = null; }
        ValidateCommon();
        // Take-up figures are never archived.
        Show = null;
    }

    private short? Year(string? text, string field, string which)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (short.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= FirstYear and <= LastYear) return year;
        Problems.Add((field, $"Enter the {which} year as a year from {FirstYear} to {LastYear}, for example 2010"));
        return null;
    }

    /// <summary>The WHERE clause over aliases t (take_up) and q (its qualification), always starting "where", and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        if (Q is not null)
        {
            sql.Append(" and (q.title_search like '%' || search_text(@q) || '%' or q.reference like '%' || upper(@q) || '%' or q.reference = normalise_reference(@exact))");
            p.Add("q", EscapeLike(Q));
            p.Add("exact", Q);
        }
        if (Qualification is not null) { sql.Append(" and q.reference = @qualification"); p.Add("qualification", Qualification); }
        if (FromYear is not null) { sql.Append(" and t.year >= @from"); p.Add("from", FromYear); }
        if (ToYear is not null) { sql.Append(" and t.year <= @to"); p.Add("to", ToYear); }
        if (Source is not null) { sql.Append(" and t.source = @source"); p.Add("source", Source); }
        return (sql.ToString(), p);
    }

    public bool AnyFilter => Q is not null || Qualification is not null || FromYear is not null || ToYear is not null || Source is not null;

    /// <summary>An academic year as people write it: 2010 is 2010/11.</summary>
    public static string AcademicYear(int year) => $"{year}/{(year + 1) % 100:00}";

    public static string SourceLabel(string source) => source switch
    {
        "ilr" => "Individualised Learner Record (ILR)",
        "heses" => "Higher Education Students Early Statistics (HESES)",
        "awarding-body" => "Awarding body",
        "survey" => "Survey",
        _ => "Other",
    };

    /// <summary>The short form for table cells.</summary>
    public static string SourceShort(string source) => source switch
    {
        "ilr" => "ILR",
        "heses" => "HESES",
        "awarding-body" => "Awarding body",
        "survey" => "Survey",
        _ => "Other",
    };
}
