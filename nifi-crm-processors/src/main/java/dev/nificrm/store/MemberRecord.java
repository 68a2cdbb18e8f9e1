package dev.nificrm.store;

/**
 * A member as the key index keeps it for reading candidates: what {@code crm_member} holds about it that matching needs.
 *
 * @param memberId the member's number
 * @param goldenId its entity's golden id
 * @param system   its source system
 * @param sourceId its id there
 * @param layoutId the layout of its comparison keys
 * @param keys     its comparison keys, encoded as {@code crm_member.match_keys}
 */
record MemberRecord(long memberId, String goldenId, String system, String sourceId, int layoutId, String keys) {
}
