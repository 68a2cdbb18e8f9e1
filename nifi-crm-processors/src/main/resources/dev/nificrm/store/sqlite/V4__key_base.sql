-- nifi-crm entity store, version 4 (embedded SQLite). Applied by the store on enable, in one transaction.

-- The compacted part of the key log. Once the rows of crm_key_log take well over twice what the keys themselves would
-- (members moved, merged, re-keyed, keyed under a new generation of a rule), a writer compacts the log, holding the
-- writers' turn: the keys as they are after row through_seq (each key's hash, count and listed members, in binary parts
-- of a few megabytes) replace the rows before it, and the keys version 1 kept in crm_key. The key index is built from
-- this base, the members, and the rows after it. Derived data: a backup needs it like every other table.
create table crm_key_base (
    part integer primary key,
    through_seq integer not null,
    entries blob not null
);
