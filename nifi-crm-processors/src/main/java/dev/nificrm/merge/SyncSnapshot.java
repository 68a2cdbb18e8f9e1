package dev.nificrm.merge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sync knows of a customer in one system, as kept in the entity store's snapshot: the state it last read from
 * the system or last wrote to it. After a write it also keeps when it wrote and the system's state just before, so that
 * a record read from the system before the write landed is compared with what the system really had.
 *
 * @param state   the system's state as far as the sync knows
 * @param written when the sync wrote this state (epoch milliseconds), or {@link Timestamps#NONE} when it was read from the system
 * @param before  after a write: the system's state before it (null when it had none); null after a read
 */
public record SyncSnapshot(SyncState state, long written, SyncState before) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A state read from the system. */
    public static SyncSnapshot read(final SyncState state) {
        return new SyncSnapshot(state, Timestamps.NONE, null);
    }

    /** A state the sync writes to the system now, replacing the given one (null when the system had none). */
    public static SyncSnapshot written(final SyncState state, final long now, final SyncState before) {
        return new SyncSnapshot(state, now, before);
    }

    /** Whether the state is one the sync wrote and has not read back yet. */
    public boolean isWritten() {
        return written != Timestamps.NONE;
    }

    /** The snapshot as the JSON the entity store keeps. */
    public String toJson() {
        final ObjectNode root = stateNode(state);
        if (isWritten()) {
            root.put("written", written);
            if (before != null) {
                root.set("before", stateNode(before));
            }
        }
        return root.toString();
    }

    /**
     * The snapshot the entity store kept.
     *
     * @throws IllegalArgumentException when the text is not a snapshot this version wrote
     */
    public static SyncSnapshot parse(final String json) {
        final JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("a stored snapshot is not valid JSON", e);
        }
        if (root == null || !root.isObject() || !root.path("fields").isObject()) {
            throw new IllegalArgumentException("a stored snapshot has no fields object");
        }
        final long written = root.path("written").asLong(Timestamps.NONE);
        return new SyncSnapshot(state(root), written, root.path("before").isObject() ? state(root.get("before")) : null);
    }

    private static ObjectNode stateNode(final SyncState state) {
        final ObjectNode node = JSON.createObjectNode();
        final ObjectNode fields = node.putObject("fields");
        for (final Map.Entry<String, String> field : state.fields().entrySet()) {
            fields.put(field.getKey(), field.getValue());
        }
        node.put("deleted", state.deleted());
        if (state.modified() != Timestamps.NONE) {
            node.put("modified", state.modified());
        }
        return node;
    }

    private static SyncState state(final JsonNode node) {
        final Map<String, String> fields = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> entries = node.get("fields").fields();
        while (entries.hasNext()) {
            final Map.Entry<String, JsonNode> entry = entries.next();
            fields.put(entry.getKey(), entry.getValue().isNull() ? null : entry.getValue().asText());
        }
        return new SyncState(fields, node.path("deleted").asBoolean(false), node.path("modified").asLong(Timestamps.NONE));
    }
}
