-- nifi-crm entity store, version 3 (PostgreSQL). Applied by the store on enable, in one transaction.

-- The blocking rules whose keys the key log holds. A rule's blocking keys are hashed with its name and generation;
-- "maintained" = 1 while every write since its generation was keyed kept every member's blocks under it up to date. A
-- write whose matcher lacks a maintained rule (its fields or rules changed) sets it to 0; a matcher that uses a rule
-- not maintained (new to the store, or left behind) first keys every stored member under a new generation of it, from
-- the comparison keys in crm_member. A store created since registers each rule the first time a matcher uses it.
create table crm_block_rule (
    rule_name text primary key,
    generation integer not null,
    maintained integer not null,
    keyed_at timestamptz not null
);

-- A store written before version 3 gets the marker row '*' (maintained = 0): the rules of the first matcher that uses it
-- are adopted at generation 0 (its keys were written by them), the members with a field holding several values join
-- the blocks of their other values (version 2 blocked on a field's first value), and the marker's maintained becomes 1.
insert into crm_block_rule (rule_name, generation, maintained, keyed_at)
select '*', 0, 0, now() where exists (select 1 from crm_member);
