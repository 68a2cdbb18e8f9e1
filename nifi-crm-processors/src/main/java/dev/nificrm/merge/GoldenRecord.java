package dev.nificrm.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of merging the members of one group: the surviving value of every field of the plan, where each came
 * from, and the members in the order their ties were broken.
 */
public final class GoldenRecord {
    private final Object[] values;
    private final Origin[] origins;
    private final List<FieldSurvivorship> fields;
    private final List<Member> members;

    /**
     * @param origins where each value came from, or null for a golden record of one member, whose origins are made
     *                when asked for (most never are: lineage leaves them out)
     */
    GoldenRecord(final Object[] values, final Origin[] origins, final List<FieldSurvivorship> fields, final List<Member> members) {
        this.values = values;
        this.origins = origins;
        this.fields = fields;
        this.members = members.size() == 1 ? members : List.copyOf(members);
    }

    /** The surviving value of a field of the plan (by its index), or null when no member had one. */
    public Object value(final int field) {
        return values[field];
    }

    /** Where the value of a field came from, or null when the field has no value. */
    public Origin origin(final int field) {
        if (origins != null) {
            return origins[field];
        }
        return values[field] == null ? null : new Origin(fields.get(field).rule(), members);
    }

    /** The number of fields. */
    public int fieldCount() {
        return values.length;
    }

    /** The members merged, in the order ties between them were broken (the first is the one preferred). */
    public List<Member> members() {
        return members;
    }

    /** The labels of the members merged ({@code system:id}), in member order. */
    public List<String> mergedIds() {
        final List<String> ids = new ArrayList<>(members.size());
        for (final Member member : members) {
            ids.add(member.label());
        }
        return ids;
    }
}
