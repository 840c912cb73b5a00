namespace Iqf.Data.Seeding;

/// <param name="Check">SQL returning (line, problem) for staged rows that cannot be loaded.</param>
/// <param name="Merge">SQL that inserts what is missing; its row count is reported under <paramref name="Counts"/>.</param>
/// <param name="RepeatUntilNothing">Run the merge again until it inserts nothing (trees, parents before children).</param>
internal sealed record SeedStatement(string? Check = null, string? Merge = null, string? Counts = null, bool RepeatUntilNothing = false);

internal sealed record SeedStep(string Resource, string Stage, string[] Columns, string[] Required,
    SeedStatement[] Statements, string? FinalCheck = null);

/// <summary>
/// The seed files and the SQL that merges each into the schema. Child rows (aliases, levels,
/// modules, mappings) are added only under parents created in this same transaction (their
/// xmin is this transaction), so what people removed from existing records stays removed.
/// </summary>
internal static class SeedSteps
{
    private const string NewInThisRun = "xmin = pg_current_xact_id()::xid";

    private static string LinkFromUrl(string stage, string urlColumn) => $"""
        insert into external_link (url, normalized_url, host)
        select distinct on (normalise_url(s.{urlColumn})) s.{urlColumn}, normalise_url(s.{urlColumn}), url_host(s.{urlColumn})
        from {stage} s where normalise_url(s.{urlColumn}) is not null
        order by normalise_url(s.{urlColumn}), s.line
        on conflict (normalized_url) do nothing
        """;

    private static string BadUrl(string stage, string urlColumn) =>
        $"select s.line, '{urlColumn} ''' || s.{urlColumn} || ''' is not an http(s) address' from {stage} s " +
        $"where s.{urlColumn} is not null and normalise_url(s.{urlColumn}) is null";

    public static readonly SeedStep[] Reference =
    [
        new("seed/level_frameworks.csv", "stage_level_frameworks", ["code", "name", "description", "valid_from", "valid_to"], ["code", "name"],
        [
            new(Merge: """
                insert into level_framework (code, name, description, valid_from, valid_to)
                select code, name, description, valid_from::date, valid_to::date from stage_level_frameworks
                on conflict (code) do nothing
                """, Counts: "level frameworks"),
        ]),
        new("seed/levels.csv", "stage_levels", ["framework", "code", "name", "ordinal", "description"], ["framework", "code", "name", "ordinal"],
        [
            new(Check: """
                select s.line, 'unknown framework ' || s.framework from stage_levels s
                where not exists (select 1 from level_framework f where f.code = s.framework::citext)
                """,
                Merge: """
                insert into level (framework_id, code, name, ordinal, description)
                select f.id, s.code, s.name, s.ordinal::smallint, s.description
                from stage_levels s join level_framework f on f.code = s.framework::citext
                on conflict do nothing
                """, Counts: "levels"),
        ]),
        new("seed/level_equivalences.csv", "stage_level_equivalences",
            ["framework_a", "level_a", "framework_b", "level_b", "note", "source"], ["framework_a", "level_a", "framework_b", "level_b"],
        [
            new(Check: """
                select s.line, 'unknown level ' || s.framework_a || ' ' || s.level_a || ' or ' || s.framework_b || ' ' || s.level_b
                from stage_level_equivalences s
                left join level_lookup a on a.framework_code = s.framework_a::citext and a.level_code = s.level_a::citext
                left join level_lookup b on b.framework_code = s.framework_b::citext and b.level_code = s.level_b::citext
                where a.level_id is null or b.level_id is null or a.framework_id = b.framework_id
                """,
                Merge: """
                insert into level_equivalence (level_a_id, level_b_id, note, source)
                select distinct on (least(a.level_id, b.level_id), greatest(a.level_id, b.level_id))
                       least(a.level_id, b.level_id), greatest(a.level_id, b.level_id), s.note, s.source
                from stage_level_equivalences s
                join level_lookup a on a.framework_code = s.framework_a::citext and a.level_code = s.level_a::citext
                join level_lookup b on b.framework_code = s.framework_b::citext and b.level_code = s.level_b::citext
                order by least(a.level_id, b.level_id), greatest(a.level_id, b.level_id), s.line
                on conflict do nothing
                """, Counts: "level equivalences"),
        ]),
        new("seed/common_core_areas.csv", "stage_common_core_areas", ["number", "version", "name", "description"], ["number", "version", "name"],
        [
            new(Check: """
                select s.line, 'area number must be 1 to 6 and version 2005 or 2010' from stage_common_core_areas s
                where s.number !~ '^[1-6]$' or s.version not in ('2005', '2010')
                """,
                Merge: """
                insert into common_core_version (code, title)
                select distinct version, case version
                  when '2005' then 'Common Core of Skills and Knowledge for the Children''s Workforce (2005)'
                  else 'The Common Core of Skills and Knowledge (2010 refresh)' end
                from stage_common_core_areas
                on conflict (code) do nothing
                """, Counts: "Common Core versions"),
            new(Merge: """
                insert into common_core_area (number)
                select distinct number::smallint from stage_common_core_areas order by 1
                on conflict (number) do nothing
                """, Counts: "Common Core areas"),
            new(Merge: """
                insert into common_core_area_name (area_id, version_id, name, description)
                select a.id, v.id, s.name, s.description
                from stage_common_core_areas s
                join common_core_area a on a.number = s.number::smallint
                join common_core_version v on v.code = s.version
                on conflict do nothing
                """, Counts: "Common Core area names"),
        ]),
        new("seed/clustering_schemes.csv", "stage_clustering_schemes", ["code", "name", "description", "source"], ["code", "name"],
        [
            new(Merge: """
                insert into clustering_scheme (code, name, description, source)
                select code, name, description, source from stage_clustering_schemes
                on conflict (code) do nothing
                """, Counts: "clustering schemes"),
        ]),
        new("seed/clusters.csv", "stage_clusters", ["scheme", "path", "description", "sort_order"], ["scheme", "path"],
        [
            new(Check: """
                select s.line, 'unknown scheme ' || s.scheme from stage_clusters s
                where not exists (select 1 from clustering_scheme c where c.code = s.scheme::citext)
                """,
                // One level of the tree per pass: a child goes in once its parent is there.
                Merge: """
                insert into cluster (scheme_id, parent_id, name, description, sort_order)
                select sc.id, parent.cluster_id, x.name, s.description, coalesce(s.sort_order::integer, 0)
                from stage_clusters s
                cross join lateral (select case when strpos(s.path, '/') > 0 then regexp_replace(s.path, '/[^/]*$', '') end as parent_path,
                                           regexp_replace(s.path, '^.*/', '') as name) x
                join clustering_scheme sc on sc.code = s.scheme::citext
                left join cluster_path parent on parent.scheme_id = sc.id and lower(parent.path) = lower(x.parent_path)
                where (x.parent_path is null or parent.cluster_id is not null)
                  and not exists (select 1 from cluster_path cp where cp.scheme_id = sc.id and lower(cp.path) = lower(s.path))
                on conflict do nothing
                """, Counts: "clusters", RepeatUntilNothing: true),
        ],
        FinalCheck: """
            select s.line, 'cluster ' || s.path || ' has no parent cluster in scheme ' || s.scheme from stage_clusters s
            where not exists (select 1 from cluster_path cp where lower(cp.scheme_code) = lower(s.scheme) and lower(cp.path) = lower(s.path))
            """),
        new("seed/sector_subject_areas.csv", "stage_sector_subject_areas", ["code", "name", "parent_code"], ["code", "name"],
        [
            new(Merge: """
                insert into sector_subject_area (code, name, parent_id)
                select s.code, s.name, p.id
                from stage_sector_subject_areas s left join sector_subject_area p on p.code = s.parent_code
                where s.parent_code is null or p.id is not null
                on conflict do nothing
                """, Counts: "sector subject areas", RepeatUntilNothing: true),
        ],
        FinalCheck: """
            select s.line, 'unknown parent sector subject area ' || s.parent_code from stage_sector_subject_areas s
            where not exists (select 1 from sector_subject_area a where a.code = s.code)
            """),
        new("seed/organisations.csv", "stage_organisations",
            ["name", "acronym", "type", "website", "ofqual_recognition_number", "aliases", "predecessor", "active_from", "active_to"], ["name", "type"],
        [
            new(Check: BadUrl("stage_organisations", "website"), Merge: """
                insert into organisation (name, acronym, type, website, ofqual_recognition_number, active_from, active_to)
                select name, acronym, type, website, ofqual_recognition_number, active_from::date, active_to::date
                from stage_organisations
                on conflict do nothing
                """, Counts: "organisations"),
            new(Check: """
                select s.line, 'unknown predecessor ' || s.predecessor from stage_organisations s
                where s.predecessor is not null and not exists (select 1 from organisation o where o.name = s.predecessor::citext)
                """,
                Merge: $"""
                update organisation o set predecessor_id = p.id
                from stage_organisations s join organisation p on p.name = s.predecessor::citext
                where o.name = s.name::citext and o.predecessor_id is null and o.{NewInThisRun}
                """),
            new(Merge: $"""
                insert into organisation_alias (organisation_id, alias)
                select o.id, btrim(a) from stage_organisations s
                join organisation o on o.name = s.name::citext
                cross join lateral unnest(string_to_array(s.aliases, ';')) a
                where btrim(a) <> '' and o.{NewInThisRun}
                on conflict do nothing
                """, Counts: "organisation aliases"),
            new(Merge: LinkFromUrl("stage_organisations", "website"), Counts: "links"),
            new(Merge: $"""
                insert into link_owner (link_id, organisation_id, purpose)
                select l.id, o.id, 'website' from stage_organisations s
                join organisation o on o.name = s.name::citext
                join external_link l on l.normalized_url = normalise_url(s.website)
                where o.{NewInThisRun}
                on conflict do nothing
                """),
        ]),
        new("seed/source_documents.csv", "stage_source_documents", ["code", "title", "publisher", "year", "file", "description"], ["code", "title"],
        [
            new(Check: """
                select s.line, 'unknown publisher ' || s.publisher from stage_source_documents s
                where s.publisher is not null and find_organisation(s.publisher) is null
                """,
                Merge: """
                insert into source_document (code, title, publisher_id, year, file_name, description)
                select s.code, s.title, find_organisation(s.publisher), s.year::smallint, s.file, s.description
                from stage_source_documents s
                on conflict do nothing
                """, Counts: "source documents"),
        ]),
        new("seed/roles.csv", "stage_roles",
            ["title", "aliases", "description", "career_level", "workforce", "status", "clusters", "mandatory_requirement", "registration_body"], ["title"],
        [
            new(Check: """
                select s.line, 'unknown registration body ' || s.registration_body from stage_roles s
                where s.registration_body is not null and find_organisation(s.registration_body) is null
                """,
                Merge: """
                insert into job_role (title, description, career_level, workforce, status, mandatory_requirement, registration_body_id)
                select s.title, s.description, s.career_level::smallint, s.workforce, coalesce(s.status, 'established'),
                       s.mandatory_requirement, find_organisation(s.registration_body)
                from stage_roles s
                on conflict do nothing
                """, Counts: "roles"),
            new(Merge: $"""
                insert into job_role_alias (job_role_id, alias)
                select r.id, btrim(a) from stage_roles s
                join job_role r on r.title = s.title::citext
                cross join lateral unnest(string_to_array(s.aliases, ';')) a
                where btrim(a) <> '' and r.{NewInThisRun}
                on conflict do nothing
                """, Counts: "role aliases"),
            new(Check: """
                select s.line, 'unknown cluster ' || btrim(c) from stage_roles s
                cross join lateral unnest(string_to_array(s.clusters, ';')) c
                where btrim(c) <> '' and not exists (
                  select 1 from cluster_path cp
                  where lower(cp.scheme_code) = lower(btrim(split_part(c, ':', 1)))
                    and lower(cp.path) = lower(btrim(substr(c, strpos(c, ':') + 1))))
                """,
                Merge: $"""
                insert into job_role_cluster (job_role_id, scheme_id, cluster_id)
                select r.id, cp.scheme_id, cp.cluster_id from stage_roles s
                join job_role r on r.title = s.title::citext
                cross join lateral unnest(string_to_array(s.clusters, ';')) c
                join cluster_path cp on lower(cp.scheme_code) = lower(btrim(split_part(c, ':', 1)))
                                    and lower(cp.path) = lower(btrim(substr(c, strpos(c, ':') + 1)))
                where r.{NewInThisRun}
                on conflict do nothing
                """, Counts: "role cluster placements"),
        ]),
    ];

    public static readonly SeedStep[] Sample =
    [
        new("seed/sample/qualifications.csv", "stage_sample_qualifications",
            ["reference", "title", "type", "level", "framework", "other_levels", "awarding_body", "status", "operational_start",
             "operational_end", "certification_end", "credits", "glh", "tqt", "age_focus", "sector_subject_area", "url",
             "common_core_status", "notes"], ["reference", "title", "type"],
        [
            new(Check: """
                select s.line, 'cannot resolve ' || case
                  when normalise_reference(s.reference) !~ '^([0-9]{3}/[0-9]{4}/[0-9X]|[A-Z][A-Z0-9-]{2,31})$' then 'reference ' || s.reference
                  when s.awarding_body is not null and find_organisation(s.awarding_body) is null then 'awarding body ' || s.awarding_body
                  else 'sector subject area ' || s.sector_subject_area end
                from stage_sample_qualifications s
                where normalise_reference(s.reference) !~ '^([0-9]{3}/[0-9]{4}/[0-9X]|[A-Z][A-Z0-9-]{2,31})$'
                   or (s.awarding_body is not null and find_organisation(s.awarding_body) is null)
                   or (s.sector_subject_area is not null and not exists (
                        select 1 from sector_subject_area a where a.code = s.sector_subject_area or a.name = s.sector_subject_area::citext))
                """,
                Merge: """
                insert into qualification (reference, title, type, awarding_body_id, status, operational_start, operational_end,
                  certification_end, credits, glh, tqt, age_focus, sector_subject_area_id, common_core_status, notes)
                select normalise_reference(s.reference), s.title, s.type, find_organisation(s.awarding_body), coalesce(s.status, 'available'),
                       s.operational_start::date, s.operational_end::date, s.certification_end::date, s.credits::integer,
                       s.glh::integer, s.tqt::integer, s.age_focus,
                       (select a.id from sector_subject_area a where a.code = s.sector_subject_area or a.name = s.sector_subject_area::citext limit 1),
                       coalesce(s.common_core_status, 'not-started'), s.notes
                from stage_sample_qualifications s
                on conflict (reference) do nothing
                """, Counts: "qualifications"),
            new(Check: """
                select s.line, 'unknown level ' || coalesce(s.framework, 'RQF') || ' ' || btrim(lv) from stage_sample_qualifications s
                cross join lateral unnest(string_to_array(s.level, '/')) lv
                where not exists (select 1 from level_lookup l where l.framework_code = coalesce(s.framework, 'RQF')::citext and l.level_code = btrim(lv)::citext)
                union all
                select s.line, 'unknown level ' || btrim(ol) from stage_sample_qualifications s
                cross join lateral unnest(string_to_array(s.other_levels, ';')) ol
                where not exists (select 1 from level_lookup l where l.framework_code = btrim(split_part(ol, ':', 1))::citext
                                                               and l.level_code = btrim(split_part(ol, ':', 2))::citext)
                """,
                Merge: $"""
                insert into qualification_level (qualification_id, level_id, is_primary)
                select q.id, l.level_id, true from stage_sample_qualifications s
                join qualification q on q.reference = normalise_reference(s.reference)
                cross join lateral unnest(string_to_array(s.level, '/')) lv
                join level_lookup l on l.framework_code = coalesce(s.framework, 'RQF')::citext and l.level_code = btrim(lv)::citext
                where q.{NewInThisRun}
                union all
                select q.id, l.level_id, false from stage_sample_qualifications s
                join qualification q on q.reference = normalise_reference(s.reference)
                cross join lateral unnest(string_to_array(s.other_levels, ';')) ol
                join level_lookup l on l.framework_code = btrim(split_part(ol, ':', 1))::citext and l.level_code = btrim(split_part(ol, ':', 2))::citext
                where q.{NewInThisRun}
                on conflict do nothing
                """, Counts: "qualification levels"),
            new(Check: BadUrl("stage_sample_qualifications", "url"), Merge: LinkFromUrl("stage_sample_qualifications", "url"), Counts: "links"),
            new(Merge: $"""
                insert into link_owner (link_id, qualification_id, purpose)
                select l.id, q.id, 'specification' from stage_sample_qualifications s
                join qualification q on q.reference = normalise_reference(s.reference)
                join external_link l on l.normalized_url = normalise_url(s.url)
                where q.{NewInThisRun}
                on conflict do nothing
                """),
        ]),
        new("seed/sample/modules.csv", "stage_sample_modules",
            ["qualification_reference", "code", "title", "level", "framework", "credits", "glh", "mandatory", "group"],
            ["qualification_reference", "code", "title"],
        [
            new(Check: """
                select s.line, 'unknown qualification ' || s.qualification_reference from stage_sample_modules s
                where not exists (select 1 from qualification q where q.reference = normalise_reference(s.qualification_reference))
                union all
                select s.line, 'unknown level ' || coalesce(s.framework, 'RQF') || ' ' || s.level from stage_sample_modules s
                where s.level is not null and not exists (
                  select 1 from level_lookup l where l.framework_code = coalesce(s.framework, 'RQF')::citext and l.level_code = s.level::citext)
                union all
                select min(s.line), 'module ' || min(s.code) || ' has different titles on different rows' from stage_sample_modules s
                group by lower(s.code) having count(distinct s.title) > 1
                """,
                Merge: """
                insert into module (code, title, level_id, credits, glh)
                select distinct on (lower(s.code)) s.code, s.title, l.level_id, s.credits::integer, s.glh::integer
                from stage_sample_modules s
                left join level_lookup l on l.framework_code = coalesce(s.framework, 'RQF')::citext and l.level_code = s.level::citext
                order by lower(s.code), s.line
                on conflict (code) do nothing
                """, Counts: "modules"),
            new(Merge: $"""
                insert into qualification_module (qualification_id, module_id, mandatory, group_name, position)
                select q.id, m.id, coalesce(s.mandatory::boolean, true), s."group",
                       row_number() over (partition by q.id order by s.line) - 1
                from stage_sample_modules s
                join qualification q on q.reference = normalise_reference(s.qualification_reference)
                join module m on m.code = s.code::citext
                where q.{NewInThisRun}
                on conflict do nothing
                """, Counts: "qualification modules"),
        ]),
        new("seed/sample/common-core.csv", "stage_sample_common_core",
            ["qualification_reference", "module_code", "area", "version", "coverage", "evidence"], ["qualification_reference", "area"],
        [
            new(Check: """
                select s.line, case
                  when q.id is null then 'unknown qualification ' || s.qualification_reference
                  when s.module_code is not null and qm.module_id is null then 'qualification ' || s.qualification_reference || ' has no module ' || s.module_code
                  else 'unknown Common Core area ' || s.area end
                from stage_sample_common_core s
                left join qualification q on q.reference = normalise_reference(s.qualification_reference)
                left join module m on m.code = s.module_code::citext
                left join qualification_module qm on qm.qualification_id = q.id and qm.module_id = m.id
                where q.id is null or (s.module_code is not null and qm.module_id is null)
                   or not exists (select 1 from common_core_area a left join common_core_area_name n on n.area_id = a.id
                                  where a.number::text = s.area or n.name = s.area::citext)
                """,
                Merge: $"""
                insert into module_common_core (module_id, area_id, coverage, version_id, evidence)
                select distinct on (m.id, a.id) m.id, a.id, coalesce(s.coverage, 'full'), v.id, s.evidence
                from stage_sample_common_core s
                join module m on m.code = s.module_code::citext
                join common_core_area a on a.number::text = s.area
                   or exists (select 1 from common_core_area_name n where n.area_id = a.id and n.name = s.area::citext)
                join common_core_version v on v.code = coalesce(s.version, '2010')
                where m.{NewInThisRun}
                order by m.id, a.id, s.line
                on conflict do nothing
                """, Counts: "module Common Core mappings"),
            new(Merge: $"""
                insert into qualification_common_core (qualification_id, area_id, coverage, version_id, evidence)
                select distinct on (q.id, a.id) q.id, a.id, coalesce(s.coverage, 'full'), v.id, s.evidence
                from stage_sample_common_core s
                join qualification q on q.reference = normalise_reference(s.qualification_reference)
                join common_core_area a on a.number::text = s.area
                   or exists (select 1 from common_core_area_name n where n.area_id = a.id and n.name = s.area::citext)
                join common_core_version v on v.code = coalesce(s.version, '2010')
                where s.module_code is null and q.{NewInThisRun}
                order by q.id, a.id, s.line
                on conflict do nothing
                """, Counts: "qualification Common Core mappings"),
        ]),
        new("seed/sample/role-qualifications.csv", "stage_sample_role_qualifications",
            ["role", "qualification_reference", "relevance", "requirement", "significant", "valid_from", "valid_to", "conditions"],
            ["role", "qualification_reference"],
        [
            new(Check: """
                select s.line, case when r.id is null then 'unknown role ' || s.role else 'unknown qualification ' || s.qualification_reference end
                from stage_sample_role_qualifications s
                left join job_role r on r.title = s.role::citext
                left join qualification q on q.reference = normalise_reference(s.qualification_reference)
                where r.id is null or q.id is null
                """,
                Merge: """
                insert into role_qualification (job_role_id, qualification_id, relevance, requirement, significant, valid_from, valid_to, conditions)
                select r.id, q.id, coalesce(s.relevance, 'core'), coalesce(s.requirement, 'recommended'), coalesce(s.significant::boolean, true),
                       s.valid_from::date, s.valid_to::date, s.conditions
                from stage_sample_role_qualifications s
                join job_role r on r.title = s.role::citext
                join qualification q on q.reference = normalise_reference(s.qualification_reference)
                on conflict do nothing
                """, Counts: "role qualifications"),
        ]),
        new("seed/sample/routes.csv", "stage_sample_routes",
            ["from_role", "from_qualification", "to_role", "to_qualification", "direction", "mechanism", "via_qualifications", "via_modules", "notes"],
            ["direction"],
        [
            new(Check: """
                select s.line, 'a route needs exactly one of from_role/from_qualification and one of to_role/to_qualification, all known'
                from stage_sample_routes s
                where num_nonnulls(s.from_role, s.from_qualification) <> 1 or num_nonnulls(s.to_role, s.to_qualification) <> 1
                   or (s.from_role is not null and not exists (select 1 from job_role r where r.title = s.from_role::citext))
                   or (s.to_role is not null and not exists (select 1 from job_role r where r.title = s.to_role::citext))
                   or (s.from_qualification is not null and not exists (select 1 from qualification q where q.reference = normalise_reference(s.from_qualification)))
                   or (s.to_qualification is not null and not exists (select 1 from qualification q where q.reference = normalise_reference(s.to_qualification)))
                """,
                Merge: """
                insert into progression_route (from_role_id, from_qualification_id, to_role_id, to_qualification_id, direction, mechanism, notes)
                select (select id from job_role where title = s.from_role::citext),
                       (select id from qualification where reference = normalise_reference(s.from_qualification)),
                       (select id from job_role where title = s.to_role::citext),
                       (select id from qualification where reference = normalise_reference(s.to_qualification)),
                       s.direction, coalesce(s.mechanism, 'direct'), s.notes
                from stage_sample_routes s
                on conflict do nothing
                """, Counts: "routes"),
            new(Check: """
                select s.line, 'unknown via qualification or module ' || coalesce(btrim(vq), btrim(vm)) from stage_sample_routes s
                left join lateral unnest(string_to_array(s.via_qualifications, ';')) vq on true
                left join lateral unnest(string_to_array(s.via_modules, ';')) vm on true
                where (vq is not null and not exists (select 1 from qualification q where q.reference = normalise_reference(vq)))
                   or (vm is not null and not exists (select 1 from module m where m.code = btrim(vm)::citext))
                """,
                Merge: $"""
                with r as (
                  select s.*, p.id as route_id from stage_sample_routes s
                  join progression_route p
                    on p.from_role_id is not distinct from (select id from job_role where title = s.from_role::citext)
                   and p.from_qualification_id is not distinct from (select id from qualification where reference = normalise_reference(s.from_qualification))
                   and p.to_role_id is not distinct from (select id from job_role where title = s.to_role::citext)
                   and p.to_qualification_id is not distinct from (select id from qualification where reference = normalise_reference(s.to_qualification))
                   and p.mechanism = coalesce(s.mechanism, 'direct')
                  where p.{NewInThisRun}
                ), q as (
                  insert into route_via_qualification (route_id, qualification_id, position)
                  select r.route_id, q.id, v.n - 1 from r
                  cross join lateral unnest(string_to_array(r.via_qualifications, ';')) with ordinality v(ref, n)
                  join qualification q on q.reference = normalise_reference(v.ref)
                  on conflict do nothing returning 1
                )
                insert into route_via_module (route_id, module_id, position)
                select r.route_id, m.id, v.n - 1 from r
                cross join lateral unnest(string_to_array(r.via_modules, ';')) with ordinality v(code, n)
                join module m on m.code = btrim(v.code)::citext
                on conflict do nothing
                """),
        ]),
        new("seed/sample/links.csv", "stage_sample_links", ["url", "owner_kind", "owner_key", "purpose"], ["url"],
        [
            new(Check: BadUrl("stage_sample_links", "url") + """

                union all
                select s.line, 'unknown ' || coalesce(s.owner_kind, 'owner') || ' ' || coalesce(s.owner_key, '') from stage_sample_links s
                where (s.owner_kind is null) <> (s.owner_key is null)
                   or (s.owner_kind = 'qualification' and not exists (select 1 from qualification q where q.reference = normalise_reference(s.owner_key)))
                   or (s.owner_kind = 'organisation' and find_organisation(s.owner_key) is null)
                   or (s.owner_kind = 'role' and not exists (select 1 from job_role r where r.title = s.owner_key::citext))
                   or (s.owner_kind = 'document' and not exists (select 1 from source_document d where d.code = s.owner_key::citext))
                   or s.owner_kind not in ('qualification', 'organisation', 'role', 'document')
                """,
                Merge: LinkFromUrl("stage_sample_links", "url"), Counts: "links"),
            new(Merge: """
                insert into link_owner (link_id, qualification_id, organisation_id, job_role_id, source_document_id, purpose)
                select l.id,
                       case when s.owner_kind = 'qualification' then (select id from qualification where reference = normalise_reference(s.owner_key)) end,
                       case when s.owner_kind = 'organisation' then find_organisation(s.owner_key) end,
                       case when s.owner_kind = 'role' then (select id from job_role where title = s.owner_key::citext) end,
                       case when s.owner_kind = 'document' then (select id from source_document where code = s.owner_key::citext) end,
                       s.purpose
                from stage_sample_links s
                join external_link l on l.normalized_url = normalise_url(s.url)
                where s.owner_kind is not null
                on conflict do nothing
                """, Counts: "link owners"),
        ]),
    ];
}
