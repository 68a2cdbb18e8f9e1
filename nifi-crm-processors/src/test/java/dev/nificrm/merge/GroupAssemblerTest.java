package dev.nificrm.merge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupAssemblerTest {

    private static Member member(final long position) {
        return new Member("crm", String.valueOf(position), Timestamps.NONE, position, new Object[0]);
    }

    @Test
    void handsOverEachGroupWhenItsLastMemberArrivesAndHoldsOnlyOpenGroups() {
        final GroupAssembler groups = new GroupAssembler();
        for (final String key : List.of("a", "b", "a", "c", "a", "b")) {
            groups.count(key);
        }
        assertNull(groups.add("a", member(0)));
        assertNull(groups.add("b", member(1)));
        assertNull(groups.add("a", member(2)));
        assertEquals(List.of(3L), positions(groups.add("c", member(3))), "a group of one streams through");
        assertEquals(List.of(0L, 2L, 4L), positions(groups.add("a", member(4))));
        assertEquals(List.of(1L, 5L), positions(groups.add("b", member(5))));
        assertTrue(groups.remaining().isEmpty());
        assertEquals(3, groups.getMostHeld());
    }

    private static List<Long> positions(final List<Member> members) {
        return members.stream().map(Member::position).toList();
    }

    @Test
    void countsManyGroupsWithoutLosingAny() {
        final GroupAssembler groups = new GroupAssembler();
        for (int i = 0; i < 100_000; i++) {
            groups.count("g" + i / 2);
        }
        int complete = 0;
        for (int i = 0; i < 100_000; i++) {
            if (groups.add("g" + i / 2, member(i)) != null) {
                complete++;
            }
        }
        assertEquals(50_000, complete);
        assertTrue(groups.remaining().isEmpty());
    }
}
