package dev.nificrm.roles;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldRolesTest {

    @ParameterizedTest
    @CsvSource({
            "FirstName, first_name", "First_Name, first_name", "firstname, first_name", "First Name, first_name", "given_name, first_name",
            "LastName, last_name", "Last_Name, last_name", "surname, last_name",
            "Email, email", "emailaddress1, email", "Email 2, email", "Secondary_Email, email",
            "Phone, phone", "MobilePhone, phone", "telephone1, phone", "Phone 1, phone", "Home_Phone, phone", "Mobile Phone Number, phone", "Fax, phone",
            "MailingStreet, street", "address1_line1, street", "Mailing_Street, street", "address_1, street",
            "MailingCity, city", "address1_city, city", "suburb, city",
            "MailingPostalCode, postal_code", "zip, postal_code", "address1_postalcode, postal_code", "Mailing_Zip, postal_code",
            "Mailing Zip/Postal Code, postal_code", "postcode, postal_code",
            "MailingState, state", "address1_stateorprovince, state", "State/Region, state",
            "MailingCountry, country", "Country/Region, country", "address1_country, country",
            "Birthdate, birth_date", "Date_of_Birth, birth_date", "Date of birth, birth_date", "dob, birth_date",
            "LastModifiedDate, date", "createdon, date", "overriddencreatedon, date", "Modified_Time, date",
            "Company, company", "Account Name, company",
            "Website, website", "websiteurl, website", "domain, website",
            "Id, external_id", "contactid, external_id", "Record ID, external_id",
            "soc_sec_id, national_id", "street_number, house_number", "Tax_ID, national_id",
            "VAT_Number, company_id", "VAT ID, company_id", "USt-IdNr, company_id", "DUNS, company_id", "DUNS_Number, company_id",
            "Company_Registration_Number, company_id", "Company Number, company_id", "CRN, company_id"
    })
    void recognisesCrmFieldNames(final String fieldName, final String roleKey) {
        assertEquals(roleKey, FieldRoles.recognize(fieldName).map(Role::getKey).orElse("none"), fieldName);
    }

    /**
     * A name ending in domain holds a bare domain (HubSpot's company domain), cleaned by the domain rule, while a website's name
     * keeps the website rule; domain is still the website role for matching. Before, domain got the website rule and
     * company_domain none.
     */
    @ParameterizedTest
    @CsvSource({"domain, domain", "Domain 2, domain", "company_domain, domain", "Email Domain, domain", "website_domain, domain",
            "Primary Domain, domain", "Website, website", "websiteurl, website", "homepage, website", "Email, email", "Notes, none"})
    void cleansANameEndingInDomainAsADomainAndAWebsitesNameAsAWebsite(final String fieldName, final String ruleKey) {
        assertEquals(ruleKey, FieldRoles.cleaningRule(fieldName).map(RuleType::getKey).orElse("none"), fieldName);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Name", "Description", "Job Title", "Lead Owner", "Index", "Notes", "Sex", "EmailBouncedReason"})
    void leavesAmbiguousOrUnrelatedNamesUnrecognised(final String fieldName) {
        assertTrue(FieldRoles.recognize(fieldName).isEmpty(), fieldName);
    }
}
