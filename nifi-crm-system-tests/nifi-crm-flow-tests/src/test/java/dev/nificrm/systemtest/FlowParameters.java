package dev.nificrm.systemtest;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parameters of a flow definition's properties, as NiFi substitutes them. */
final class FlowParameters {
    static final Pattern PARAMETER = Pattern.compile("#\\{([^}]+)}");

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
}
