-- What the external-link and take-up lists need: a way to name a link's owner the way the
-- interchange files do, and indexes for their searches at scale.

-- Each link owner with its kind and key as the "links" interchange format writes them
-- (../shared/docs/interchange.md): a qualification by its reference, an organisation by its name,
-- a role by its title, a source document by its code, and a provider offering, which has no
-- single name, by the four values that make it unique (its qualification's reference, the
-- provider's name, the region and the mode) joined by '|', e.g. '603/1234/5|Ruskin College|london|part-time'.
-- owner_label is the same owner as a reader wants it named; owner_id is the owning record's id.
create view link_owner_key as
select lo.id as link_owner_id, lo.link_id, lo.purpose,
       case when lo.qualification_id is not null then 'qualification'
            when lo.organisation_id is not null then 'organisation'
            when lo.job_role_id is not null then 'role'
            when lo.provider_offering_id is not null then 'provider'
            else 'document' end as owner_kind,
       coalesce(lo.qualification_id, lo.organisation_id, lo.job_role_id, lo.provider_offering_id, lo.source_document_id) as owner_id,
       coalesce(q.reference, o.name::text, r.title::text,
                pq.reference || '|' || p.name::text || '|' || po.region || '|' || po.mode, d.code::text) as owner_key,
       coalesce(q.reference || ' ' || q.title, o.name::text, r.title::text,
                p.name::text || ': ' || pq.reference || ' ' || pq.title || ' (' || po.region || ', ' || po.mode || ')',
                d.code::text || ' ' || d.title) as owner_label
from link_owner lo
left join qualification q on q.id = lo.qualification_id
left join organisation o on o.id = lo.organisation_id
left join job_role r on r.id = lo.job_role_id
left join provider_offering po on po.id = lo.provider_offering_id
left join qualification pq on pq.id = po.qualification_id
left join organisation p on p.id = po.provider_id
left join source_document d on d.id = lo.source_document_id;

-- Searching links by any part of their address, or by the purpose written for a record,
-- folded like every other search.
create index external_link_url_trgm on external_link using gin (search_text(url) gin_trgm_ops);
create index link_owner_purpose_trgm on link_owner using gin (search_text(purpose) gin_trgm_ops);

-- 0005 indexed the owner columns people search by most; with 0012's offering index this completes the set, so finding
-- (or cascading the deletion of) the links of an offering or a source document needs no scan.
create index link_owner_document_idx on link_owner (source_document_id) where source_document_id is not null;

-- The take-up list filters by year and sorts by it across qualifications.
create index take_up_year_idx on take_up (year, qualification_id);
