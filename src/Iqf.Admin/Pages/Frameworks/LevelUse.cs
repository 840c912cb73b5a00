namespace Iqf.Admin.Pages.Frameworks;

/// <summary>
/// What points at levels: qualifications and modules (by foreign key) and job roles, whose
/// career level is the number of a level of the CAREER framework. A level or framework can be
/// deleted only when none of these use it; its equivalences are its own statements and go with it.
/// </summary>
public static class LevelUse
{
    /// <summary>The framework whose levels job roles hold as their career level (see Pages/Roles).</summary>
    public const string CareerFramework = "CAREER";

    /// <summary>
    /// One line of text per kind of record using any level picked by <paramref name="levelCondition"/>
    /// (a condition on alias l of table level); <c>@place</c> says where, e.g. "at it" or "in it".
    /// </summary>
    public static string ReferencesSql(string levelCondition) => $"""
        with lv as (select l.id, l.framework_id, l.ordinal from level l where {levelCondition})
        select format('%s %s levelled %s', count(distinct ql.qualification_id),
                      case when count(distinct ql.qualification_id) = 1 then 'qualification is' else 'qualifications are' end, @place)
          from qualification_level ql where ql.level_id in (select id from lv) having count(*) > 0
        union all
        select format('%s %s %s', count(*), case when count(*) = 1 then 'module is' else 'modules are' end, @place)
          from module m where m.level_id in (select id from lv) having count(*) > 0
        union all
        select format('%s job %s career level %s', count(*), case when count(*) = 1 then 'role has its' else 'roles have their' end, @place)
          from job_role r join lv on lv.ordinal = r.career_level
          join level_framework f on f.id = lv.framework_id and f.code = '{CareerFramework}'
          having count(*) > 0
        """;
}
