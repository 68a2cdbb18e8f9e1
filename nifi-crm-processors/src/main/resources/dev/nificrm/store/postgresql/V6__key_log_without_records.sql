-- nifi-crm entity store, version 6. Applied by the store on enable, in one transaction.

-- The key log keeps hashes and member numbers only, no personal data: a change names the members whose records it
-- rewrote, and whoever applies it reads their records from crm_member (an erased customer's are gone there). No table
-- changes; the store then rewrites, in Java, the rows an earlier version wrote with the members' records in them
-- (source systems, ids and comparison keys), so nothing of a customer erased on request stays in the log.
