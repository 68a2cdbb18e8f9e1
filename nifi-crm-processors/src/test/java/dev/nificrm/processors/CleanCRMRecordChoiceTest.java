package dev.nificrm.processors;

import dev.nificrm.RecordServices;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Per-record RecordPaths of dynamic properties over JSON whose records differ in shape, read with the real JsonTreeReader
 * inferring the schema: a list of objects and text, or a field holding a list in one record and text in another, is typed as
 * a choice, where NiFi's RecordPath alone selects nothing. Every value a path names is cleaned or given a reason.
 */
class CleanCRMRecordChoiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

    private TestRunner runner;

    @BeforeEach
    void setUp() throws InitializationException {
        runner = TestRunners.newTestRunner(new CleanCRMRecord(CLOCK));
        RecordServices.useJsonReader(runner);
        RecordServices.useJsonWriter(runner);
    }

    /** country = //land enters a list of objects and text, so the land is read (276 is DE) and is the region of the record's phone. */
    @Test
    void readsADescendantCountryInAListOfObjectsAndText() {
        runner.setProperty("country", "//land");
        runner.enqueue("""
                [{"Id": 1, "Phone": "030 1234567", "addresses": ["see notes", {"land": 276}]},
                 {"Id": 2, "Phone": "(240) 452-2333", "addresses": [{"land": "USA"}]}]""");
        runner.run();

        assertEquals("success: [{\"Id\":1,\"Phone\":\"+49301234567\",\"addresses\":[\"see notes\",{\"land\":\"DE\"}],\"crm_errors\":null},"
                + "{\"Id\":2,\"Phone\":\"+12404522333\",\"addresses\":[{\"land\":\"US\"}],\"crm_errors\":null}]", CleanedContent.written(runner));
    }

    /** A value a descendant path names in a list of objects and text that is no country is rejected with its reason, not passed on. */
    @Test
    void rejectsADescendantInAListOfObjectsAndTextWithItsReason() {
        runner.setProperty("email", "//addr");
        runner.enqueue("""
                [{"Id": 1, "contacts": ["call after 5", {"addr": "ann@"}]}]""");
        runner.run();

        assertEquals("invalid: [{\"Id\":1,\"contacts\":[\"call after 5\",{\"addr\":\"ann@\"}],\"crm_errors\":\"addr: nothing after @\",\"crm_extra_values\":null}]", CleanedContent.written(runner));
    }

    /**
     * phone = /contacts//line enters the list contacts holds and cleans each contact's line, where the list holds objects and
     * text and where records agree (no choice); NiFi's RecordPath enters no list a step before reached and left them as they were.
     */
    @Test
    void cleansWhatADescendantStepAfterAChildStepFindsInTheListItReaches() {
        runner.setProperty("phone", "/contacts//line");
        runner.enqueue("""
                [{"Id": 1, "contacts": ["see notes", {"line": "(240) 452-2332"}]}, {"Id": 2, "contacts": "see notes"}]""");
        runner.enqueue("""
                [{"Id": 3, "contacts": [{"line": "(240) 452-2333"}, {"line": "(240) 452-2334"}]}]""");
        runner.run(2);

        assertEquals("success: [{\"Id\":1,\"contacts\":[\"see notes\",{\"line\":\"+12404522332\"}],\"crm_errors\":null},"
                + "{\"Id\":2,\"contacts\":\"see notes\",\"crm_errors\":null}]"
                + " success: [{\"Id\":3,\"contacts\":[{\"line\":\"+12404522333\"},{\"line\":\"+12404522334\"}],\"crm_errors\":null}]", CleanedContent.written(runner));
    }

    /** phone = //lines[1] walks into a list of objects and text to "lines" and cleans its second element there. */
    @Test
    void cleansAnElementADescendantPathSelectsInAListOfObjectsAndText() {
        runner.setProperty("phone", "//lines[1]");
        runner.enqueue("""
                [{"Id": 1, "contacts": ["see notes", {"lines": ["desk", "(240) 452-2332"]}]}]""");
        runner.run();

        assertEquals("success: [{\"Id\":1,\"contacts\":[\"see notes\",{\"lines\":[\"desk\",\"+12404522332\"]}],\"crm_errors\":null}]", CleanedContent.written(runner));
    }

    /** phone = /lines[1] where "lines" is a list in one record and text in another (CHOICE[ARRAY, STRING]): the element is cleaned. */
    @Test
    void cleansAnElementOfAListWhereOtherRecordsHoldText() {
        runner.setProperty("phone", "/lines[1]");
        runner.enqueue("""
                [{"Id": 1, "lines": ["desk", "(240) 452-2332"]}, {"Id": 2, "lines": "(240) 452-2333"}]""");
        runner.run();

        assertEquals("success: [{\"Id\":1,\"lines\":[\"desk\",\"+12404522332\"],\"crm_errors\":null},"
                + "{\"Id\":2,\"lines\":\"(240) 452-2333\",\"crm_errors\":null}]", CleanedContent.written(runner));
    }

    /**
     * country = /addresses[0]/land where "addresses" is a list in one record and text in another: the number the reader typed
     * is read as the numeric code it is (276 is DE) and is the region of the record's phone.
     */
    @Test
    void readsANumberInAListWhereOtherRecordsHoldTextAsACountry() {
        runner.setProperty("country", "/addresses[0]/land");
        runner.enqueue("""
                [{"Id": 1, "Phone": "030 1234567", "addresses": [{"land": 276}]},
                 {"Id": 2, "Phone": "(240) 452-2333", "addresses": "see notes"}]""");
        runner.run();

        assertEquals("success: [{\"Id\":1,\"Phone\":\"+49301234567\",\"addresses\":[{\"land\":\"DE\"}],\"crm_errors\":null},"
                + "{\"Id\":2,\"Phone\":\"+12404522333\",\"addresses\":\"see notes\",\"crm_errors\":null}]", CleanedContent.written(runner));
    }

    /** A predicate after [*] over "contacts", a list in one record and text in another: the work address is cleaned or rejected. */
    @Test
    void cleansThroughAPredicateWhereOtherRecordsHoldText() {
        runner.setProperty("email", "/contacts[*][./type = 'work']/addr");
        runner.enqueue("""
                [{"Id": 1, "contacts": [{"type": "home", "addr": "ann@"}, {"type": "work", "addr": " Ann@Example.COM "}]},
                 {"Id": 2, "contacts": [{"type": "work", "addr": "lee@"}]},
                 {"Id": 3, "contacts": "see notes"}]""");
        runner.run();

        assertEquals("success: [{\"Id\":1,\"contacts\":[{\"type\":\"home\",\"addr\":\"ann@\"},{\"type\":\"work\",\"addr\":\"ann@example.com\"}],"
                + "\"crm_errors\":null},{\"Id\":3,\"contacts\":\"see notes\",\"crm_errors\":null}] "
                + "invalid: [{\"Id\":2,\"contacts\":[{\"type\":\"work\",\"addr\":\"lee@\"}],\"crm_errors\":\"addr: nothing after @\",\"crm_extra_values\":null}]", CleanedContent.written(runner));
    }

    /**
     * A predicate right after a list's name tests the list as a whole and selects nothing (NiFi's RecordPath): the record says
     * so and how to write the path, instead of leaving the address uncleaned without a reason.
     */
    @Test
    void saysToWriteTheWildcardBeforeAPredicateRightAfterAList() {
        runner.setProperty("email", "/contacts[./type = 'work']/addr");
        runner.enqueue("""
                [{"Id": 1, "contacts": [{"type": "work", "addr": "ann@"}]}, {"Id": 2, "contacts": "see notes"}]""");
        runner.run();

        assertEquals("success: [{\"Id\":2,\"contacts\":\"see notes\",\"crm_errors\":null}] "
                + "invalid: [{\"Id\":1,\"contacts\":[{\"type\":\"work\",\"addr\":\"ann@\"}],\"crm_errors\":\"/contacts[./type = 'work']/addr: "
                + "a predicate right after /contacts tests the list it holds as a whole and selects nothing; write /contacts[*][./type = 'work']/addr\",\"crm_extra_values\":null}]",
                CleanedContent.written(runner));
    }
}
