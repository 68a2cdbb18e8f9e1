-- nifi-crm entity store, version 5 (embedded SQLite). Applied by the store on enable, in one transaction.

-- When a customer was erased on request (EraseCRMRecord): null for every other entity. An erased entity keeps its row
-- and golden id (never reused) but is no longer a customer anything can join: a writer whose reads still saw its
-- records, or that writes a sync snapshot for it, meets a conflict and reads again.
alter table crm_entity add column erased_at text;

-- Customers erased by version 4 (their erased event), and the entities that had been merged into them.
update crm_entity set erased_at = (select min(e.occurred_at) from crm_event e where e.kind = 'erased' and e.golden_id = crm_entity.golden_id)
where golden_id in (select golden_id from crm_event where kind = 'erased');
update crm_entity set erased_at = (select c.erased_at from crm_entity c where c.golden_id = crm_entity.merged_into)
where merged_into in (select golden_id from crm_entity where erased_at is not null);
