using System.Text;
using Dapper;
using Iqf.Admin.Web.Lists;
using Iqf.Domain;

namespace Iqf.Admin.Pages.Links;

/// <summary>
/// The link list's filters as they appear in the query string, and the SQL they make. The same
/// list serves as the broken-links view: /Links?state=broken&amp;ignored=no&amp;sort=failures&amp;dir=desc.
/// </summary>
public sealed class LinkSearch : ListSearch
{
    protected override IReadOnlyDictionary<string, string> Sorts => SortColumns;
    protected override string DefaultSort => "url";

    /// <summary>One of the check states.</summary>
    public string? State { get; set; }
    /// <summary>A host name, exactly (www.gov.uk); case does not matter.</summary>
    public string? Host { get; set; }
    /// <summary>An owner kind (qualification, organisation, role, provider, document), or none for links nobody owns.</summary>
    public string? Owner { get; set; }
    /// <summary>yes (only ignored links) or no (only links being watched).</summary>
    public string? Ignored { get; set; }
    /// <summary>yes: only links whose latest checks failed (consecutive failures above 0).</summary>
    public string? Failing { get; set; }

    // Text sorts compare the bytes of folded text, as the other lists do. State sorts by urgency
    // (broken first when ascending), which is what someone working through failures wants.
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>
    {
        // The normalised address (scheme and host already lower-cased): no function to call per row.
        ["url"] = "e.normalized_url collate \"C\"",
        // Hosts are stored lower-cased by url_host().
        ["host"] = "e.host::text collate \"C\"",
        ["state"] = $"array_position(array[{string.Join(", ", LinkVocabulary.StatesByUrgency.Select(s => $"'{s}'"))}], e.state)",
        // Never checked counts as checked longest ago.
        ["checked"] = "coalesce(e.last_checked_at, '-infinity')",
        ["failures"] = "e.consecutive_failures",
        ["owners"] = "(select count(*) from link_owner lo where lo.link_id = e.id)",
    };

    public void Validate()
    {
        if (State is not null && !Vocabulary.LinkStates.Contains(State)) { Problems.Add(("State", $"There is no link state called {State}")); State = null; }
        Host = string.IsNullOrWhiteSpace(Host) ? null : Host.Trim();
        if (Host is { Length: > 255 }) { Problems.Add(("Host", "A host name is at most 255 characters")); Host = null; }
        if (Owner is not null && Owner != "none" && !LinkVocabulary.OwnerKinds.Contains(Owner)) { Problems.Add(("Owner", $"There is no owner kind called {Owner}")); Owner = null; }
        if (Ignored is not (null or "yes" or "no")) { Problems.Add(("Ignored", $"Choose yes or no for ignored, not {Ignored}")); Ignored = null; }
        if (Failing is not (null or "yes")) { Problems.Add(("Failing", $"Choose yes for failing links, not {Failing}")); Failing = null; }
        ValidateCommon();
        // Links are never archived: a "show archived" left in an address would only confuse.
        Show = null;
    }

    /// <summary>The WHERE clause over alias e (always starting "where") and its parameters.</summary>
    public (string Where, DynamicParameters Parameters) Filter()
    {
        var sql = new StringBuilder("where true");
        var p = new DynamicParameters();
        if (Q is not null)
        {
            // Each arm can use its table's trigram index: the address itself, and the names of
            // the records that own the link (qualification reference and title, organisation
            // name, acronym and aliases, role title, source document code and title, and the
            // provider and qualification of an offering), plus the purpose written for it.
            sql.Append("""
                 and e.id in (
                  select id from external_link where search_text(url) like '%' || search_text(@q) || '%'
                  union
                  select lo.link_id from link_owner lo join qualification q on q.id = lo.qualification_id
                  where q.title_search like '%' || search_text(@q) || '%' or q.reference like '%' || upper(@q) || '%' or q.reference = normalise_reference(@exact)
                  union
                  select lo.link_id from link_owner lo join organisation_name_lookup n on n.organisation_id = lo.organisation_id
                  where n.folded like '%' || search_text(@q) || '%'
                  union
                  select lo.link_id from link_owner lo join job_role r on r.id = lo.job_role_id
                  where search_text(r.title::text) like '%' || search_text(@q) || '%'
                  union
                  select lo.link_id from link_owner lo join source_document d on d.id = lo.source_document_id
                  where search_text(d.code::text) like '%' || search_text(@q) || '%' or search_text(d.title) like '%' || search_text(@q) || '%'
                  union
                  select lo.link_id from link_owner lo join provider_offering po on po.id = lo.provider_offering_id
                  join qualification q on q.id = po.qualification_id
                  where q.title_search like '%' || search_text(@q) || '%' or q.reference like '%' || upper(@q) || '%'
                     or po.provider_id in (select organisation_id from organisation_name_lookup where folded like '%' || search_text(@q) || '%')
                  union
                  select lo.link_id from link_owner lo where search_text(lo.purpose) like '%' || search_text(@q) || '%'
                )
                """);
            p.Add("q", EscapeLike(Q));
            p.Add("exact", Q);
        }
        if (State is not null) { sql.Append(" and e.state = @state"); p.Add("state", State); }
        if (Host is not null) { sql.Append(" and e.host = @host::citext"); p.Add("host", Host); }
        if (Owner == "none") sql.Append(" and not exists (select 1 from link_owner lo where lo.link_id = e.id)");
        else if (Owner is not null)
            sql.Append($" and exists (select 1 from link_owner lo where lo.link_id = e.id and lo.{LinkVocabulary.OwnerColumn(Owner)} is not null)");
        switch (Ignored)
        {
            case "yes": sql.Append(" and e.ignored"); break;
            case "no": sql.Append(" and not e.ignored"); break;
        }
        if (Failing == "yes") sql.Append(" and e.consecutive_failures > 0");
        return (sql.ToString(), p);
    }

    public bool AnyFilter => Q is not null || State is not null || Host is not null || Owner is not null || Ignored is not null || Failing is not null;
}
