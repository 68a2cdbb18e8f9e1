-- nifi-crm entity store, version 2 (PostgreSQL). Applied by the store on enable, in one transaction.

-- The key hashes (blocking keys with their members, term-frequency keys, counter shards) as a log: one row per write,
-- its changes in one binary value (members joining and leaving blocks, counts added). Writers take turns (an advisory
-- lock held by each write's transaction), so the log's numbers follow commit order. Every node applies the log to a key
-- index of its own on local disk (the PostgreSQL Entity Store's Key Index Directory), and builds that index again from
-- this table (after crm_key, which holds the keys of a store created with version 1 and is only read from now on)
-- whenever it is missing, behind by more than it can tell, or was not closed cleanly.
create table crm_key_log (
    log_seq bigint primary key,
    entries bytea not null
);

-- The store's identity: each node keeps its index of this store in a directory of that name.
create table crm_store (
    id integer primary key check (id = 1),
    store_id varchar(64) not null
);
insert into crm_store (id, store_id) values (1, md5(random()::text || clock_timestamp()::text));
