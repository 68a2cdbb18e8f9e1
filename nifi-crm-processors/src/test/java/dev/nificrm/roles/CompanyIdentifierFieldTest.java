package dev.nificrm.roles;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CompanyIdentifierFieldTest {

    /** D-U-N-S and VAT id fields as CRMs and exports name them, Salesforce custom fields among them; any other says nothing. */
    @Test
    void aFieldsNameSaysWhatCompanyIdentifiersItHolds() {
        for (final String duns : new String[] {"DunsNumber", "duns_number", "DUNS__c", "D-U-N-S Number", "DnB_DUNS"}) {
            assertEquals(CompanyIdentifierField.DUNS_NUMBER, CompanyIdentifierField.named(duns), duns);
        }
        for (final String vat : new String[] {"VATNumber", "vat_id", "VAT__c", "VAT_Number__c", "USt-IdNr.", "Partita IVA", "BTW-nummer", "KMKR"}) {
            assertEquals(CompanyIdentifierField.VAT_ID, CompanyIdentifierField.named(vat), vat);
        }
        for (final String other : new String[] {"Identifier", "RegistrationNumber", "company_id", "Private_Notes", "Tax_Id"}) {
            assertEquals(CompanyIdentifierField.UNNAMED, CompanyIdentifierField.named(other), other);
        }
        assertEquals(CompanyIdentifierField.UNNAMED, CompanyIdentifierField.named(null));
    }
}
