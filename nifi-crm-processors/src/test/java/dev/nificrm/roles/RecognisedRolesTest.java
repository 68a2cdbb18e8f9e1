package dev.nificrm.roles;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecognisedRolesTest {

    @Test
    void aFullNameBesidesItsPartsIsNotComparedAgain() {
        final RecognisedRoles roles = RecognisedRoles.of(List.of("Id", "Name", "FirstName", "LastName", "Email", "CreatedDate"));
        assertEquals(List.of(Role.EXTERNAL_ID, Role.FIRST_NAME, Role.LAST_NAME, Role.EMAIL), roles(roles));
        assertEquals("external_id=Id; first_name=FirstName; last_name=LastName; email=Email; "
                + "not compared: full_name=Name (first_name, last_name carry the same evidence)", roles.describe());
    }

    @Test
    void aFullNameAloneIsCompared() {
        assertEquals(List.of(Role.FULL_NAME, Role.EMAIL), roles(RecognisedRoles.of(List.of("Full Name", "Email"))));
    }

    @Test
    void severalFieldsOfOneRoleAreOneComparison() {
        final RecognisedRoles roles = RecognisedRoles.of(List.of("Email", "Secondary_Email", "Phone", "MobilePhone"));
        assertEquals(List.of(new RecognisedRoles.Field(Role.EMAIL, List.of("Email", "Secondary_Email")),
                new RecognisedRoles.Field(Role.PHONE, List.of("Phone", "MobilePhone"))), roles.getFields());
        assertTrue(roles.describe().startsWith("email=Email, Secondary_Email (compared once: the best agreeing pair)"), roles.describe());
    }

    @Test
    void nameIsACompanyInAnAccountExport() {
        final RecognisedRoles salesforce = RecognisedRoles.of(List.of("Id", "Name", "Type", "BillingStreet", "BillingCity",
                "BillingPostalCode", "Phone", "Website", "Industry"));
        assertEquals(List.of(Role.EXTERNAL_ID, Role.COMPANY, Role.STREET, Role.CITY, Role.POSTAL_CODE, Role.PHONE, Role.WEBSITE),
                roles(salesforce));
        final RecognisedRoles hubspot = RecognisedRoles.of(List.of("hs_object_id", "name", "domain", "phone", "address", "city", "zip"));
        assertEquals(Role.COMPANY, hubspot.getFields().get(1).role());
    }

    @Test
    void anAmbiguousNameIsLeftOutAndSaidSo() {
        final RecognisedRoles roles = RecognisedRoles.of(List.of("Name", "Email"));
        assertEquals(List.of(Role.EMAIL), roles(roles));
        assertTrue(roles.describe().contains("not compared: full_name or company=Name (a person or a company?"), roles.describe());
        assertTrue(RecognisedRoles.of(List.of("Description", "Notes")).isEmpty());
    }

    private static List<Role> roles(final RecognisedRoles roles) {
        return roles.getFields().stream().map(RecognisedRoles.Field::role).toList();
    }
}
