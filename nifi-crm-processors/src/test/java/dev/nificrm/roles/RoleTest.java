package dev.nificrm.roles;

import dev.nificrm.merge.SurvivorshipRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleTest {

    @ParameterizedTest
    @EnumSource(Role.class)
    void swapPartnersArePartnersOfEachOther(final Role role) {
        role.getSwapPartner().ifPresent(partner -> assertEquals(Optional.of(role), partner.getSwapPartner(), role.getKey()));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyRoleIsRecognisedByItsOwnFieldNames(final Role role) {
        assertFalse(role.getFieldNames().isEmpty(), role.getKey());
        for (final String name : role.getFieldNames()) {
            assertEquals(Optional.of(role), FieldRoles.recognize(name), name);
        }
    }

    @Test
    void cityAndStateAreImpliedByThePostalCode() {
        assertEquals(List.of(Role.POSTAL_CODE, Role.STREET), Role.CITY.getImpliedBy());
        assertEquals(List.of(Role.POSTAL_CODE), Role.STATE.getImpliedBy());
        assertTrue(Role.POSTAL_CODE.getImpliedBy().isEmpty());
    }

    @Test
    void survivorshipDefaultsGatherContactPointsAndKeepTheFirstId() {
        assertEquals(SurvivorshipRule.UNION, Role.EMAIL.getSurvivorship());
        assertEquals(SurvivorshipRule.UNION, Role.PHONE.getSurvivorship());
        assertEquals(SurvivorshipRule.MOST_COMPLETE, Role.LAST_NAME.getSurvivorship());
        assertEquals(SurvivorshipRule.MOST_RECENT, Role.DATE.getSurvivorship());
        assertEquals(SurvivorshipRule.OLDEST, Role.EXTERNAL_ID.getSurvivorship());
    }

    @Test
    void blockingPassesAreNamedByTheirParts() {
        assertEquals(List.of("email", "email~local_part", "email~domain+first_name~initial"),
                Role.EMAIL.getBlockingPasses().stream().map(BlockingPass::name).toList());
        assertTrue(Role.allBlockingPasses().stream().map(BlockingPass::name).toList().contains("{first_name~phonetic,last_name~phonetic}"));
    }
}
