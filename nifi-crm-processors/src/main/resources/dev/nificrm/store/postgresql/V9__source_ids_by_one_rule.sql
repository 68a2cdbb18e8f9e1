-- nifi-crm entity store, version 9 (PostgreSQL). Applied by the store on enable, in one transaction.

-- Source ids are read by one rule on every path (MatchCRMRecord, the lookup service, EraseCRMRecord, ReconcileCRMRecord,
-- MergeCRMRecord's sync rows): white space of any kind around an id is not part of it (a no-break space of an Excel
-- export neither), an id typed as a number is its digits when whole, text is compared as text. No table changes; the
-- store then rewrites, in Java, the cross-references (crm_member) and history entries (crm_event) an earlier version
-- stored otherwise: 77 followed by a no-break space becomes 77, and 77.0 or 3.000778191E9 (how earlier versions stored
-- a whole number a reader had typed as a double) becomes 77 or 3000778191; 0077 and 1.50 stay as they are. Where the id
-- it becomes is stored already for the system, the two are one record of it: one cross-reference is kept, and the
-- customers they named are merged (a merged event says why), unless a person kept them apart.
