using Iqf.Domain;
using Iqf.Tests.Support;
using Npgsql;

namespace Iqf.Tests.Foundation;

/// <summary>The database guards itself: one bad row per family of constraint, each refused.</summary>
public class ConstraintTests(EmptyDatabase db) : IClassFixture<EmptyDatabase>
{
    private const string ForeignKey = "23503", Unique = "23505", Check = "23514", NotNull = "23502";

    private async Task<PostgresException> Refused(string setup, string bad)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        if (setup.Length > 0)
            await using (var s = new NpgsqlCommand(setup, conn, tx)) await s.ExecuteNonQueryAsync();
        await using var cmd = new NpgsqlCommand(bad, conn, tx);
        var error = await Should.ThrowAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        await tx.RollbackAsync();
        return error;
    }

    private const string Org = "insert into organisation (id, name, type) values (900, 'CACHE', 'awarding-body');";
    private const string Qual = "insert into qualification (id, reference, title, type) values (900, '603/5829/4', 'Early years educator', 'diploma');";
    private const string Scheme = """
        insert into clustering_scheme (id, code, name) values (900, 'S1', 'One'), (901, 'S2', 'Two');
        insert into cluster (id, scheme_id, name) values (900, 900, 'Early years'), (901, 900, 'Health'), (902, 901, 'Other');
        insert into job_role (id, title) values (900, 'Nursery nurse');
        """;

    [Fact]
    public async Task Foreign_keys_refuse_a_missing_parent() =>
        (await Refused("", "insert into qualification (reference, title, type, awarding_body_id) values ('ABC', 'T', 'nvq', 12345)"))
            .SqlState.ShouldBe(ForeignKey);

    [Fact]
    public async Task Names_that_are_keys_are_unique_without_regard_to_case() =>
        (await Refused(Org, "insert into organisation (name, type) values ('cache', 'awarding-body')")).SqlState.ShouldBe(Unique);

    [Fact]
    public async Task A_qualification_reference_is_unique_in_its_normalised_form() =>
        (await Refused(Qual, "insert into qualification (reference, title, type) values (normalise_reference('60358294'), 'Other title', 'award')"))
            .SqlState.ShouldBe(Unique);

    [Fact]
    public async Task A_reference_must_be_stored_normalised() =>
        (await Refused("", "insert into qualification (reference, title, type) values ('60358294', 'T', 'award')")).SqlState.ShouldBe(Check);

    [Fact]
    public async Task Enumerations_refuse_values_outside_the_list() =>
        (await Refused("", "insert into qualification (reference, title, type) values ('ABC', 'T', 'degree-ish')")).SqlState.ShouldBe(Check);

    [Fact]
    public async Task Ranges_refuse_negative_credits() =>
        (await Refused("", "insert into qualification (reference, title, type, credits) values ('ABC', 'T', 'nvq', -1)")).SqlState.ShouldBe(Check);

    [Fact]
    public async Task Ranges_refuse_a_seventh_career_level() =>
        (await Refused("", "insert into job_role (title, career_level) values ('Someone', 7)")).SqlState.ShouldBe(Check);

    [Fact]
    public async Task Dates_must_be_in_order() =>
        (await Refused("", "insert into qualification (reference, title, type, operational_start, operational_end) values ('ABC', 'T', 'nvq', '2020-01-01', '2019-01-01')"))
            .SqlState.ShouldBe(Check);

    [Fact]
    public async Task Required_values_cannot_be_null() =>
        (await Refused("", "insert into qualification (reference, title, type) values ('ABC', null, 'nvq')")).SqlState.ShouldBe(NotNull);

    [Fact]
    public async Task Blank_titles_are_refused() =>
        (await Refused("", "insert into qualification (reference, title, type) values ('ABC', '   ', 'nvq')")).SqlState.ShouldBe(Check);

    [Fact]
    public async Task A_role_sits_in_at_most_one_cluster_per_scheme() =>
        (await Refused(Scheme + "insert into job_role_cluster values (900, 900, 900);",
            "insert into job_role_cluster values (900, 900, 901)")).SqlState.ShouldBe(Unique);

    [Fact]
    public async Task A_role_cluster_must_belong_to_the_scheme_named() =>
        (await Refused(Scheme, "insert into job_role_cluster values (900, 900, 902)")).SqlState.ShouldBe(ForeignKey);

    [Fact]
    public async Task A_child_cluster_is_in_its_parents_scheme() =>
        (await Refused(Scheme, "insert into cluster (scheme_id, parent_id, name) values (901, 900, 'Mixed')")).SqlState.ShouldBe(ForeignKey);

    [Fact]
    public async Task A_route_starts_from_exactly_one_role_or_qualification() =>
        (await Refused(Scheme + Qual,
            "insert into progression_route (from_role_id, from_qualification_id, to_role_id, direction) values (900, 900, 900, 'vertical')"))
            .SqlState.ShouldBe(Check);

    [Fact]
    public async Task A_link_has_exactly_one_owner() =>
        (await Refused(Org + Qual + "insert into external_link (id, url, normalized_url, host) values (900, 'https://a.example/', 'https://a.example/', 'a.example');",
            "insert into link_owner (link_id, qualification_id, organisation_id) values (900, 900, 900)")).SqlState.ShouldBe(Check);

    [Fact]
    public async Task An_organisation_alias_names_one_organisation_only() =>
        (await Refused(Org + "insert into organisation (id, name, type) values (901, 'Edexcel', 'awarding-body'); insert into organisation_alias values (900, 'Council for Awards');",
            "insert into organisation_alias values (901, 'council for awards')")).SqlState.ShouldBe(Unique);

    [Fact]
    public async Task A_record_has_at_most_one_open_flag_per_reason() =>
        (await Refused("insert into review_flag (entity_kind, entity_id, reason, raised_by) values ('qualification', 1, 'review-overdue', 'job');",
            "insert into review_flag (entity_kind, entity_id, reason, raised_by) values ('qualification', 1, 'review-overdue', 'job')"))
            .SqlState.ShouldBe(Unique);

    [Fact]
    public async Task Level_equivalences_are_stored_once_per_pair() =>
        (await Refused("", "insert into level_equivalence (level_a_id, level_b_id) values (5, 5)")).SqlState.ShouldBe(Check);

    [Fact]
    public async Task The_vocabulary_lists_match_the_check_constraints()
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        foreach (var (table, column, values) in new (string, string, IReadOnlyList<string>)[]
        {
            ("organisation", "type", Vocabulary.OrganisationTypes),
            ("qualification", "type", Vocabulary.QualificationTypes),
            ("qualification", "status", Vocabulary.QualificationStatuses),
            ("qualification", "common_core_status", Vocabulary.CommonCoreStatuses),
            ("job_role", "status", Vocabulary.RoleStatuses),
            ("role_qualification", "requirement", Vocabulary.Requirements),
            ("progression_route", "mechanism", Vocabulary.Mechanisms),
            ("provider_offering", "region", Vocabulary.Regions),
            ("external_link", "state", Vocabulary.LinkStates),
        })
        {
            await using var cmd = new NpgsqlCommand("""
                select pg_get_constraintdef(c.oid) from pg_constraint c
                where c.conrelid = @t::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like '%((' || @col || ' = ANY%'
                """, conn);
            cmd.Parameters.AddWithValue("t", table);
            cmd.Parameters.AddWithValue("col", column);
            var def = (string)(await cmd.ExecuteScalarAsync())!;
            var inDatabase = System.Text.RegularExpressions.Regex.Matches(def, "'([^']*)'::text").Select(m => m.Groups[1].Value).ToList();
            inDatabase.ShouldBe(values, $"{table}.{column}");
        }
    }
}
