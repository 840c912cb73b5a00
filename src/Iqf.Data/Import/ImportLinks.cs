namespace Iqf.Data.Import;

/// <summary>
/// Addresses that arrive in a record's own column (an organisation's website, a qualification's
/// url) are also external links, so the link checker watches them: this keeps the record's one
/// link of that purpose in step with the column.
/// </summary>
public static class ImportLinks
{
    /// <param name="field">the want field holding the address</param>
    /// <param name="ownerColumn">link_owner's column for this kind, e.g. organisation_id</param>
    public static IEnumerable<string> SyncSql(string field, string ownerColumn, string purpose) =>
    [
        $"""
        delete from link_owner lo using want w, import_plan p, external_link l
        where p.line = w.line and p.changed @> array['{field}'] and lo.{ownerColumn} = w.target_id
          and lo.purpose = '{purpose}' and l.id = lo.link_id
          and l.normalized_url is distinct from normalise_url(w.fields ->> '{field}')
        """,
        $"""
        insert into external_link (url, normalized_url, host)
        select distinct on (normalise_url(w.fields ->> '{field}')) w.fields ->> '{field}', normalise_url(w.fields ->> '{field}'), url_host(w.fields ->> '{field}')
        from want w join import_plan p on p.line = w.line
        where p.changed @> array['{field}'] and normalise_url(w.fields ->> '{field}') is not null
        order by normalise_url(w.fields ->> '{field}'), w.line
        on conflict (normalized_url) do nothing
        """,
        $"""
        insert into link_owner (link_id, {ownerColumn}, purpose)
        select l.id, w.target_id, '{purpose}'
        from want w join import_plan p on p.line = w.line
        join external_link l on l.normalized_url = normalise_url(w.fields ->> '{field}')
        where p.changed @> array['{field}']
        on conflict do nothing
        """,
    ];
}
