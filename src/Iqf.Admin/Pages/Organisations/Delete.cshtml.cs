using Iqf.Admin.Web.Records;
using Npgsql;

namespace Iqf.Admin.Pages.Organisations;

/// <summary>
/// Permanent deletion: administrators only, and only for an organisation nothing else points at
/// (qualifications it awards or endorses, roles it registers, source documents, offerings, NOS
/// suites, successors). Its aliases and its own link records go with it; every row removed is in
/// the history.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : HardDeleteModel(db)
{
    protected override string Table => "organisation";
    protected override string ListPath => "/Organisations";
    protected override string NameSql => "select name::text from organisation where id = @Id";
    protected override string ReferencesSql => """
                select format('%s %s it as awarding body', count(*), case when count(*) = 1 then 'qualification names' else 'qualifications name' end)
                  from qualification where awarding_body_id = @Id having count(*) > 0
                union all select format('%s %s it as endorser', count(*), case when count(*) = 1 then 'qualification names' else 'qualifications name' end)
                  from qualification where endorsed_by_id = @Id having count(*) > 0
                union all select format('%s job %s it as registration body', count(*), case when count(*) = 1 then 'role names' else 'roles name' end)
                  from job_role where registration_body_id = @Id having count(*) > 0
                union all select format('%s source %s it as publisher', count(*), case when count(*) = 1 then 'document names' else 'documents name' end)
                  from source_document where publisher_id = @Id having count(*) > 0
                union all select format('%s provider %s', count(*), case when count(*) = 1 then 'offering' else 'offerings' end)
                  from provider_offering where provider_id = @Id having count(*) > 0
                union all select format('%s National Occupational Standards %s it as owner', count(*), case when count(*) = 1 then 'suite names' else 'suites name' end)
                  from nos_suite where owner_organisation_id = @Id having count(*) > 0
                union all select format('%s %s it as predecessor (%s)', count(*), case when count(*) = 1 then 'organisation names' else 'organisations name' end,
                                        string_agg(name::text, ', ' order by name))
                  from organisation where predecessor_id = @Id having count(*) > 0
                """;
}
