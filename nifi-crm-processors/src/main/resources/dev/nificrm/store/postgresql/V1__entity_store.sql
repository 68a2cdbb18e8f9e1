-- nifi-crm entity store, version 1 (PostgreSQL). Applied by the store on enable, in one transaction.
create sequence crm_entity_seq;
create sequence crm_member_seq;

-- Entities: one row per golden id, never deleted; an entity merged into another keeps its row and points there.
create table crm_entity (
    golden_id varchar(36) primary key,
    created_seq bigint not null unique,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    member_count integer not null,
    merged_into varchar(36)
);
create index crm_entity_merged_into on crm_entity (merged_into);

-- Layouts of stored comparison keys: the matched field names, in order.
create table crm_layout (
    layout_id serial primary key,
    fields text not null unique
);

-- Members, the cross-reference: every source record (system, id) and its entity, with its comparison keys.
create table crm_member (
    member_id bigint primary key,
    golden_id varchar(36) not null,
    source_system text not null,
    source_id text not null,
    layout_id integer not null,
    match_keys text not null,
    first_seen timestamptz not null,
    last_seen timestamptz not null,
    constraint crm_member_source unique (source_system, source_id)
);
create index crm_member_golden_id on crm_member (golden_id);

-- Blocking keys (with their members while few), term-frequency keys and counter shards, by 64-bit hash.
create table crm_key (
    key_hash bigint primary key,
    record_count bigint not null,
    member_ids text
);

-- Pairs of entities a person decided are different (golden_id_a < golden_id_b).
create table crm_kept_apart (
    golden_id_a varchar(36) not null,
    golden_id_b varchar(36) not null,
    decided_at timestamptz not null,
    primary key (golden_id_a, golden_id_b)
);
create index crm_kept_apart_b on crm_kept_apart (golden_id_b);

-- The last synced state of each entity per system, for three-way merges and echo suppression.
create table crm_snapshot (
    golden_id varchar(36) not null,
    source_system text not null,
    content text not null,
    version bigint not null,
    written_at timestamptz not null,
    primary key (golden_id, source_system)
);

-- Append-only history: what created, linked, merged, split or kept apart entities, and the score or decision why.
create table crm_event (
    event_id bigserial primary key,
    occurred_at timestamptz not null,
    kind varchar(20) not null,
    golden_id varchar(36) not null,
    other_golden_id varchar(36),
    source_system text,
    source_id text,
    score double precision,
    explanation text
);
create index crm_event_golden_id on crm_event (golden_id);
