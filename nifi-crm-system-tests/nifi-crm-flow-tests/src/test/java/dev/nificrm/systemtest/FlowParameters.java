package dev.nificrm.systemtest;

import org.apache.nifi.util.TestRunner;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parameters of a flow definition's properties, as NiFi substitutes them. */
final class FlowParameters {
    /** A parameter NiFi puts into a property's text: #{Name}. (#{'Name'} is Expression Language's own, read as a value.) */
    static final Pattern PARAMETER = Pattern.compile("#\\{([^}']+)}");

    private FlowParameters() {
    }

    /** A property's value with its parameters substituted as NiFi does: a parameter without a value is empty text. */
    static String resolve(final String value, final Map<String, String> parameters) {
        final Matcher matcher = PARAMETER.matcher(value);
        final StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(parameters.getOrDefault(matcher.group(1), "")));
        }
        return matcher.appendTail(resolved).toString();
    }

    /**
     * Gives the runner's Expression Language the parameters, as NiFi's gives them to a {@code #{'Name'}} inside an expression:
     * a value, never part of the expression's text.
     */
    static void supply(final TestRunner runner, final Map<String, String> parameters) {
        parameters.forEach(runner::setParameterContextValue);
    }
}
