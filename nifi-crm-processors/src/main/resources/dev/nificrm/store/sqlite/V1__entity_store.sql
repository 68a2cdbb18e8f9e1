-- nifi-crm entity store, version 1 (embedded SQLite). Applied by the store on enable, in one transaction.
-- Times are ISO-8601 UTC text.

-- Entities: one row per golden id, never deleted; an entity merged into another keeps its row and points there.
create table crm_entity (
    created_seq integer primary key,
    golden_id text not null unique,
    created_at text not null,
    updated_at text not null,
    member_count integer not null,
    merged_into text
);
create index crm_entity_merged_into on crm_entity (merged_into);

-- Layouts of stored comparison keys: the matched field names, in order.
create table crm_layout (
    layout_id integer primary key,
    fields text not null unique
);

-- Members, the cross-reference: every source record (system, id) and its entity, with its comparison keys.
create table crm_member (
    member_id integer primary key,
    golden_id text not null,
    source_system text not null,
    source_id text not null,
    layout_id integer not null,
    match_keys text not null,
    first_seen text not null,
    last_seen text not null,
    unique (source_system, source_id)
);
create index crm_member_golden_id on crm_member (golden_id);

-- Blocking keys (with their members while few), term-frequency keys and counter shards, by 64-bit hash.
create table crm_key (
    key_hash integer primary key,
    record_count integer not null,
    member_ids text
);

-- Pairs of entities a person decided are different (golden_id_a < golden_id_b).
create table crm_kept_apart (
    golden_id_a text not null,
    golden_id_b text not null,
    decided_at text not null,
    primary key (golden_id_a, golden_id_b)
);
create index crm_kept_apart_b on crm_kept_apart (golden_id_b);

-- The last synced state of each entity per system, for three-way merges and echo suppression.
create table crm_snapshot (
    golden_id text not null,
    source_system text not null,
    content text not null,
    version integer not null,
    written_at text not null,
    primary key (golden_id, source_system)
);

-- Append-only history: what created, linked, merged, split or kept apart entities, and the score or decision why.
create table crm_event (
    event_id integer primary key,
    occurred_at text not null,
    kind text not null,
    golden_id text not null,
    other_golden_id text,
    source_system text,
    source_id text,
    score real,
    explanation text
);
create index crm_event_golden_id on crm_event (golden_id);

-- One row counting committed writes: a writer that finds it unchanged since its reads skips re-verifying them.
create table crm_write_mark (
    id integer primary key,
    mark integer not null
);
insert into crm_write_mark (id, mark) values (1, 0);
