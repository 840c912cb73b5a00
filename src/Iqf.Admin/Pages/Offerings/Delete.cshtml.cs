using Iqf.Admin.Web.Records;
using Npgsql;

namespace Iqf.Admin.Pages.Offerings;

/// <summary>
/// Permanent deletion: administrators only. Nothing else has a foreign key to an offering but its
/// own link row (which goes with it; the external link itself stays, see <see cref="OfferingLink"/>),
/// so what can hold it back is an open review flag: the flag would be left pointing at nothing,
/// and whoever raised it would never see it resolved. The deletion is in the history.
/// </summary>
public class DeleteModel(NpgsqlDataSource db) : HardDeleteModel(db)
{
    protected override string Table => "provider_offering";
    protected override string ListPath => "/Offerings";
    protected override string NameSql => """
        select 'the offering of ' || q.reference || ' at ' || pr.name::text
        from provider_offering po join qualification q on q.id = po.qualification_id join organisation pr on pr.id = po.provider_id
        where po.id = @Id
        """;
    protected override string ReferencesSql => """
                select format('%s open review %s about it', count(*), case when count(*) = 1 then 'flag is' else 'flags are' end)
                  from review_flag where entity_kind = 'offering' and entity_id = @Id and resolved_at is null having count(*) > 0
                """;
}
