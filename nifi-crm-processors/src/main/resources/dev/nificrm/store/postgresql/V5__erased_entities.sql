-- nifi-crm entity store, version 5 (PostgreSQL). Applied by the store on enable, in one transaction.

-- When a customer was erased on request (EraseCRMRecord): null for every other entity. An erased entity keeps its row
-- and golden id (never reused) but is no longer a customer anything can join: a writer whose reads still saw its
-- records, or that writes a sync snapshot for it, meets a conflict and reads again.
alter table crm_entity add column erased_at timestamptz;

-- Customers erased by version 4 (their erased event), and the entities that had been merged into them.
update crm_entity set erased_at = erased.at
from (select golden_id, min(occurred_at) as at from crm_event where kind = 'erased' group by golden_id) erased
where crm_entity.golden_id = erased.golden_id;
update crm_entity set erased_at = customer.erased_at
from crm_entity customer
where crm_entity.merged_into = customer.golden_id and customer.erased_at is not null;
