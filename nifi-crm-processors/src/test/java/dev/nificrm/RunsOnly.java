package dev.nificrm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test methods, by name, that a test class inheriting a suite runs of it: the others are left out when the tests are
 * discovered ({@link RunsOnlyFilter}), so they are neither run nor reported as skipped. For a variant of a suite that
 * changes one thing the suite's cases only partly depend on, such as the driver's options in the connection URL: the
 * variant runs the cases that reach what it changes, the suite runs them all. A name that is no test method of the class
 * fails the discovery.
 * <pre>
 * &#64;RunsOnly({"anyTextRoundTripsThroughTheStore", "reviewDecisionsLinkMergeSplitAndKeepApart"})
 * class PostgresEntityStoreServerPreparedTest extends PostgresEntityStoreTest {
 * </pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RunsOnly {
    /** The names of the test methods to run (every invocation of a parameterized one). */
    String[] value();
}
