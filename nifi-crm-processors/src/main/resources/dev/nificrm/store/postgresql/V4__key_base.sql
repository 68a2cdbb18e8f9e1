-- nifi-crm entity store, version 4 (PostgreSQL). Applied by the store on enable, in one transaction.

-- The compacted part of the key log. Once the rows of crm_key_log take well over twice what the keys themselves would
-- (members moved, merged, re-keyed, keyed under a new generation of a rule), a writer compacts the log, holding the
-- writers' turn: the keys as they are after row through_seq (each key's hash, count and listed members, in binary parts
-- of a few megabytes) replace the rows before it, and the keys version 1 kept in crm_key. Every node builds its key
-- index from this base, the members and the rows after it; a node whose index is behind the base builds it again.
-- Derived data: a backup needs it like every other table.
create table crm_key_base (
    part integer primary key,
    through_seq bigint not null,
    entries bytea not null
);
