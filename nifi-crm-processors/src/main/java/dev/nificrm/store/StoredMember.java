package dev.nificrm.store;

import dev.nificrm.match.CandidateKeys;
import dev.nificrm.match.KeySource;

import java.nio.charset.StandardCharsets;

/**
 * One record known to the entity store: the cross-reference from its source key to its entity's golden id, and the
 * compact comparison keys it was last matched with. Its source id and keys are held as the store encodes them (UTF-8,
 * in one byte array) and made into strings on each {@link #source()} and {@link #keys()}: a batch holds tens of
 * thousands of stored candidates while it is matched, most of them in one candidate pair (the index holds the keys of
 * those in several once made: {@link dev.nificrm.match.ReferenceCandidateIndex}; one in a single pair is written into
 * the scoring thread's array, its values equal to the partner's given as the partner's strings:
 * {@link #keys(CandidateKeys, String[])}, its other values read from its bytes where they are compared as characters), and most candidates' source keys are never asked for, so the strings die young
 * or are never made.
 */
public final class StoredMember implements KeySource {
    private final long memberId;
    private final String goldenId;
    private final String system;
    private final byte[] encoded;
    private final int sourceIdLength;
    private final int[] positions;

    /**
     * @param memberId       the store's number of the record
     * @param goldenId       the golden id of its entity
     * @param system         the system it comes from
     * @param encoded        its source id in UTF-8, followed by its keys as the store encodes them
     *                       ({@link JdbcEntityStore#decodeKeys(byte[], int, int, int[])}); the member keeps the array
     * @param sourceIdLength the bytes of the source id
     * @param positions      per field the keys are asked for, its position among the encoded keys (-1 where absent)
     */
    StoredMember(final long memberId, final String goldenId, final String system, final byte[] encoded, final int sourceIdLength,
                 final int[] positions) {
        this.memberId = memberId;
        this.goldenId = goldenId;
        this.system = system;
        this.encoded = encoded;
        this.sourceIdLength = sourceIdLength;
        this.positions = positions;
    }

    /** The store's number of the record. */
    public long memberId() {
        return memberId;
    }

    /** The golden id of its entity. */
    public String goldenId() {
        return goldenId;
    }

    /** Its system and id there; a new source key on each call. */
    public SourceKey source() {
        return new SourceKey(system, new String(encoded, 0, sourceIdLength, StandardCharsets.UTF_8));
    }

    /** Its comparison keys, one per field of the layout they were asked for (null where missing); a new array on each call. */
    @Override
    public String[] keys() {
        return JdbcEntityStore.decodeKeys(encoded, sourceIdLength, encoded.length, positions);
    }

    /**
     * Its comparison keys written into {@code room}'s array (when of the keys' length; else a new array, every value a
     * string): a value whose bytes are the partner's value in its field given as that string, any other left as its
     * bytes in this member's array until a reader needs its string ({@link CandidateKeys}): a stored candidate compared
     * once per batch makes no array, no string of a value its partner holds, and none of a value compared as
     * characters (phones, birth dates).
     */
    @Override
    public CandidateKeys keys(final CandidateKeys room, final String[] partner) {
        if (room.fields() != positions.length || partner != null && partner.length != positions.length) {
            return room.set(keys());
        }
        JdbcEntityStore.decodeKeys(encoded, sourceIdLength, encoded.length, positions, room, partner);
        return room;
    }
}
