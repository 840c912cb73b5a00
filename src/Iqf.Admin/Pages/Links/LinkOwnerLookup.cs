using System.Data;
using Dapper;
using Iqf.Domain;

namespace Iqf.Admin.Pages.Links;

/// <summary>
/// Finds the record an owner kind and key name, the way an import of the "links" interchange
/// format does: a qualification by its reference in any spelling, an organisation by its name
/// (or an alias or acronym, when that names only one), a role by its title, a source document by
/// its code, and a provider offering by "reference|provider|region|mode". When nothing matches the
/// answer says why, for a message beside the field.
/// </summary>
public static class LinkOwnerLookup
{
    public sealed record Found(long Id, string Label);

    public static async Task<(Found? Owner, string? Problem)> FindAsync(IDbConnection conn, IDbTransaction? tx, string kind, string key)
    {
        key = key.Trim();
        switch (kind)
        {
            case "qualification":
            {
                var reference = QualificationReference.Normalise(key);
                if (reference is null) return (null, $"{key} is not a qualification reference: enter an Ofqual number such as 603/1234/5 or a local code such as EYE-L3");
                var q = await conn.QueryFirstOrDefaultAsync<Found>(
                    "select id as \"Id\", reference || ' ' || title as \"Label\" from qualification where reference = @reference", new { reference }, tx);
                return q is null ? (null, $"There is no qualification with reference {reference}") : (q, null);
            }
            case "organisation":
            {
                var (found, problem) = await OrganisationAsync(conn, tx, key);
                return found is null ? (null, problem) : (found, null);
            }
            case "role":
            {
                var r = await conn.QueryFirstOrDefaultAsync<Found>(
                    "select id as \"Id\", title::text as \"Label\" from job_role where title = @key::citext", new { key }, tx);
                if (r is not null) return (r, null);
                // Files name roles by title; an alias typed here is pointed at its title rather than guessed.
                var titles = (await conn.QueryAsync<string>("""
                    select distinct r.title::text from job_role_alias a join job_role r on r.id = a.job_role_id where a.alias = @key::citext order by 1
                    """, new { key }, tx)).ToList();
                return (null, titles.Count switch
                {
                    0 => $"There is no job role with the title {key}",
                    1 => $"{key} is another name for the job role {titles[0]}: enter its title",
                    _ => $"{key} is another name for several job roles ({string.Join(", ", titles)}): enter the title of the one you mean",
                });
            }
            case "document":
            {
                var d = await conn.QueryFirstOrDefaultAsync<Found>(
                    "select id as \"Id\", code::text || ' ' || title as \"Label\" from source_document where code = @key::citext", new { key }, tx);
                return d is null ? (null, $"There is no source document with the code {key}") : (d, null);
            }
            case "provider":
                return await OfferingAsync(conn, tx, key);
            default:
                return (null, "Select the kind of record the link belongs to");
        }
    }

    private static async Task<(Found? Found, string? Problem)> OrganisationAsync(IDbConnection conn, IDbTransaction? tx, string name)
    {
        var id = await conn.ExecuteScalarAsync<long?>("select find_organisation(@name)", new { name }, tx);
        if (id is not null)
            return (await conn.QuerySingleAsync<Found>("select id as \"Id\", name::text as \"Label\" from organisation where id = @id", new { id }, tx), null);
        var candidates = (await conn.QueryAsync<string>("""
            select distinct o.name::text from organisation_name_lookup n join organisation o on o.id = n.organisation_id
            where n.folded = search_text(btrim(@name)) order by 1
            """, new { name }, tx)).ToList();
        return (null, candidates.Count > 1
            ? $"{name} could mean {string.Join(" or ", candidates)}: enter the full name of the one you mean"
            : $"There is no organisation called {name}");
    }

    private static async Task<(Found? Found, string? Problem)> OfferingAsync(IDbConnection conn, IDbTransaction? tx, string key)
    {
        var parts = key.Split('|', StringSplitOptions.TrimEntries);
        if (parts.Length != 4 || parts.Any(p => p.Length == 0))
            return (null, "Enter a provider offering as reference|provider|region|mode, for example 603/1234/5|Ruskin College|london|part-time");
        var reference = QualificationReference.Normalise(parts[0]);
        if (reference is null) return (null, $"{parts[0]} is not a qualification reference");
        var (provider, problem) = await OrganisationAsync(conn, tx, parts[1]);
        if (provider is null) return (null, problem);
        var region = parts[2].ToLowerInvariant();
        var mode = parts[3].ToLowerInvariant();
        var offering = await conn.QueryFirstOrDefaultAsync<Found>("""
            select po.id as "Id", p.name::text || ': ' || q.reference || ' ' || q.title || ' (' || po.region || ', ' || po.mode || ')' as "Label"
            from provider_offering po join qualification q on q.id = po.qualification_id join organisation p on p.id = po.provider_id
            where q.reference = @reference and po.provider_id = @provider and po.region = @region and po.mode = @mode
            """, new { reference, provider = provider.Id, region, mode }, tx);
        return offering is null
            ? (null, $"{provider.Label} has no {mode} offering of {reference} in {region}")
            : (offering, null);
    }
}
