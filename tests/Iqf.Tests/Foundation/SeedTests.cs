using Iqf.Data.Seeding;
using Iqf.Tests.Support;

namespace Iqf.Tests.Foundation;

public class SeedTests
{
    private static Task<long> Count(string cs, string sql) => TestPostgres.ScalarAsync<long>(cs, sql);

    [Fact]
    public async Task Reference_data_holds_what_the_sources_give()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);

        (await Count(cs, "select count(*) from level_framework where code in ('RQF','QCF','NQF','NQF-PRE-2004','FHEQ','NHS-CF','CAREER')")).ShouldBe(7);
        (await Count(cs, "select count(*) from level_lookup where framework_code = 'CAREER'")).ShouldBe(6);
        (await Count(cs, "select count(*) from level_lookup where framework_code = 'NHS-CF' and level_code ~ '^[1-9]$'")).ShouldBe(9);
        (await Count(cs, "select count(*) from level_lookup where framework_code = 'RQF' and level_code in ('Entry 1','Entry 2','Entry 3','1','2','3','4','5','6','7','8')")).ShouldBe(11);
        (await Count(cs, "select count(*) from common_core_area_name")).ShouldBe(12);
        (await Count(cs, """
            select count(*) from common_core_area_name n join common_core_area a on a.id = n.area_id
            join common_core_version v on v.id = n.version_id
            where a.number = 6 and ((v.code = '2005' and n.name ilike 'sharing information') or (v.code = '2010' and n.name ilike 'information sharing'))
            """)).ShouldBe(2);
        // Each career level spans several QCA/NHS levels (Annex 3).
        (await Count(cs, """
            select count(distinct c.level_id) from level_lookup c join level_equivalence e on c.level_id in (e.level_a_id, e.level_b_id)
            where c.framework_code = 'CAREER'
            """)).ShouldBe(6);
        (await Count(cs, "select count(*) from clustering_scheme")).ShouldBeGreaterThanOrEqualTo(3);
        (await Count(cs, "select count(*) from job_role")).ShouldBeGreaterThanOrEqualTo(50);
        (await Count(cs, "select count(*) from job_role where workforce is null or career_level is null")).ShouldBe(0);
        (await Count(cs, "select count(*) from job_role_alias")).ShouldBeGreaterThan(0);
        (await Count(cs, "select count(*) from sector_subject_area where parent_id is null")).ShouldBe(15);
        (await Count(cs, "select count(*) from source_document")).ShouldBe(5);
        (await Count(cs, """
            select count(*) from organisation sfc join organisation topss on topss.id = sfc.predecessor_id
            where sfc.name = 'Skills for Care' and topss.name = 'Topss England' and topss.active_to = '2005-03-31'
            """)).ShouldBe(1);
        (await Count(cs, "select count(*) from job_role_cluster jc join cluster_path cp on cp.cluster_id = jc.cluster_id")).ShouldBeGreaterThan(50);
    }

    [Fact]
    public async Task A_second_seed_adds_nothing_and_writes_no_history()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var historyBefore = await Count(cs, "select count(*) from history");
        historyBefore.ShouldBeGreaterThan(0, "the first seed is in the history");

        var again = await new Seeder(cs, "test").RunAsync(sample: false);

        again.Added.ShouldBeEmpty();
        (await Count(cs, "select count(*) from history")).ShouldBe(historyBefore);
    }

    [Fact]
    public async Task Seeding_never_overwrites_what_people_changed()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        await TestPostgres.ExecAsync(cs, """
            update organisation set website = 'https://corrected.example/' where name = 'Skills for Care';
            delete from job_role_alias where job_role_id = (select job_role_id from job_role_alias limit 1);
            """);
        var aliases = await Count(cs, "select count(*) from job_role_alias");

        await new Seeder(cs, "test").RunAsync(sample: false);

        (await TestPostgres.ScalarAsync<string>(cs, "select website from organisation where name = 'Skills for Care'"))
            .ShouldBe("https://corrected.example/");
        (await Count(cs, "select count(*) from job_role_alias")).ShouldBe(aliases);
    }

    [Fact]
    public async Task The_sample_set_loads_once_and_links_everything_it_names()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(seeded: true);
        var first = await new Seeder(cs, "test").RunAsync(sample: true);
        first.Added.GetValueOrDefault("qualifications").ShouldBeGreaterThanOrEqualTo(15);

        (await Count(cs, "select count(*) from qualification_module")).ShouldBeGreaterThan(await Count(cs, "select count(*) from module"),
            "some modules are shared by several qualifications");
        (await Count(cs, "select count(*) from module_common_core")).ShouldBeGreaterThan(0);
        (await Count(cs, "select count(*) from role_qualification")).ShouldBeGreaterThan(0);
        (await Count(cs, "select count(*) from progression_route")).ShouldBeGreaterThan(0);
        (await Count(cs, "select count(*) from link_owner where qualification_id is not null")).ShouldBeGreaterThan(0);
        // FD-AP: filed at FHEQ 5, also NHS career framework 4 and career level 3; NPQH: not levelled
        // in any qualification framework, career level 6 only.
        (await TestPostgres.ScalarAsync<string>(cs, """
            select string_agg(l.framework_code || ':' || l.level_code || case when ql.is_primary then '*' else '' end, ' ' order by l.framework_code)
            from qualification q join qualification_level ql on ql.qualification_id = q.id join level_lookup l on l.level_id = ql.level_id
            where q.reference = 'FD-AP'
            """)).ShouldBe("CAREER:3 FHEQ:5* NHS-CF:4");
        (await TestPostgres.ScalarAsync<string>(cs, """
            select string_agg(l.framework_code || ':' || l.level_code || case when ql.is_primary then '*' else '' end, ' ')
            from qualification q join qualification_level ql on ql.qualification_id = q.id join level_lookup l on l.level_id = ql.level_id
            where q.reference = 'NPQH'
            """)).ShouldBe("CAREER:6");

        var history = await Count(cs, "select count(*) from history");
        (await new Seeder(cs, "test").RunAsync(sample: true)).Added.ShouldBeEmpty();
        (await Count(cs, "select count(*) from history")).ShouldBe(history);
    }

    [Fact]
    public async Task Seeding_is_recorded_under_its_actor() =>
        (await Count(await TestPostgres.CreateDatabaseAsync(seeded: true),
            "select count(*) from history where table_name = 'job_role' and actor = 'test-fixture'")).ShouldBeGreaterThanOrEqualTo(50);
}
