package dev.nificrm.roles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleTypeTest {

    @ParameterizedTest
    @CsvSource({
            "phone, PHONE", "Phone, PHONE", "first_name, NAME", "last-name, NAME", "full name, NAME", "name, NAME",
            "url, WEBSITE", "website, WEBSITE", "birth_date, BIRTH_DATE", "timestamp, TIMESTAMP", "date, DATE",
            "company, TEXT", "city, TEXT", "postal_code, POSTAL_CODE", "text, TEXT"
    })
    void resolvesRuleAndRoleNames(final String name, final RuleType expected) {
        assertEquals(Optional.of(expected), RuleType.forName(name));
    }

    @Test
    void refusesUnknownNames() {
        assertTrue(RuleType.forName("fax_number").isEmpty());
        assertTrue(RuleType.forName(null).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyRoleHasARuleAndIsAValidName(final Role role) {
        assertEquals(Optional.of(role.getCleaningRule()), RuleType.forName(role.getKey()));
        assertTrue(RuleType.names().contains(role.getKey()));
    }
}
