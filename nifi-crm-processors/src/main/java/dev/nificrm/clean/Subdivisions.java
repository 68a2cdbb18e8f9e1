package dev.nificrm.clean;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The states, provinces and territories of the countries whose CRM data most often carries them, as their postal
 * abbreviations: the United States (with DC, the inhabited territories and the military "states" AA, AE, AP),
 * Canada and Australia. Names and codes are both accepted, compared like {@link Countries#key}.
 * <pre>
 * Subdivisions.resolve("US", "California") → Optional[CA]
 * Subdivisions.resolve("CA", "Québec")     → Optional[QC]
 * Subdivisions.resolve("AU", "nsw")        → Optional[NSW]
 * </pre>
 */
public final class Subdivisions {
    private static final Map<String, Map<String, String>> BY_COUNTRY = Map.of(
            "US", table(
                    "AL", "Alabama", "AK", "Alaska", "AZ", "Arizona", "AR", "Arkansas", "CA", "California", "CO", "Colorado",
                    "CT", "Connecticut", "DE", "Delaware", "FL", "Florida", "GA", "Georgia", "HI", "Hawaii", "ID", "Idaho",
                    "IL", "Illinois", "IN", "Indiana", "IA", "Iowa", "KS", "Kansas", "KY", "Kentucky", "LA", "Louisiana",
                    "ME", "Maine", "MD", "Maryland", "MA", "Massachusetts", "MI", "Michigan", "MN", "Minnesota",
                    "MS", "Mississippi", "MO", "Missouri", "MT", "Montana", "NE", "Nebraska", "NV", "Nevada",
                    "NH", "New Hampshire", "NJ", "New Jersey", "NM", "New Mexico", "NY", "New York", "NC", "North Carolina",
                    "ND", "North Dakota", "OH", "Ohio", "OK", "Oklahoma", "OR", "Oregon", "PA", "Pennsylvania",
                    "RI", "Rhode Island", "SC", "South Carolina", "SD", "South Dakota", "TN", "Tennessee", "TX", "Texas",
                    "UT", "Utah", "VT", "Vermont", "VA", "Virginia", "WA", "Washington", "WV", "West Virginia",
                    "WI", "Wisconsin", "WY", "Wyoming", "DC", "District of Columbia", "PR", "Puerto Rico", "GU", "Guam",
                    "VI", "U.S. Virgin Islands", "AS", "American Samoa", "MP", "Northern Mariana Islands",
                    "AA", "Armed Forces Americas", "AE", "Armed Forces Europe", "AP", "Armed Forces Pacific"),
            "CA", table(
                    "AB", "Alberta", "BC", "British Columbia", "MB", "Manitoba", "NB", "New Brunswick",
                    "NL", "Newfoundland and Labrador", "NS", "Nova Scotia", "NT", "Northwest Territories", "NU", "Nunavut",
                    "ON", "Ontario", "PE", "Prince Edward Island", "QC", "Quebec", "SK", "Saskatchewan", "YT", "Yukon"),
            "AU", table(
                    "ACT", "Australian Capital Territory", "NSW", "New South Wales", "NT", "Northern Territory",
                    "QLD", "Queensland", "SA", "South Australia", "TAS", "Tasmania", "VIC", "Victoria", "WA", "Western Australia"));

    private static final Map<String, Map<String, String>> VARIANTS = Map.of(
            "US", Map.of("washingtondc", "DC", "virginislands", "VI", "usvirginislands", "VI", "calif", "CA", "mass", "MA",
                    "penn", "PA", "wash", "WA"),
            "CA", Map.of("newfoundland", "NL", "labrador", "NL", "pei", "PE", "yukonterritory", "YT", "pq", "QC", "nfld", "NL"),
            "AU", Map.of("tasmania", "TAS", "vic", "VIC", "qld", "QLD"));

    private Subdivisions() {
    }

    /** Whether subdivisions of the country (ISO 3166-1 alpha-2) are known. */
    public static boolean isKnown(final String country) {
        return country != null && BY_COUNTRY.containsKey(country);
    }

    /** The postal abbreviation of the subdivision the text names in the country, if known. */
    public static Optional<String> resolve(final String country, final String text) {
        final Map<String, String> table = BY_COUNTRY.get(country);
        if (table == null || text == null) {
            return Optional.empty();
        }
        final String key = Countries.key(text);
        final String code = table.get(key);
        if (code != null) {
            return Optional.of(code);
        }
        return Optional.ofNullable(VARIANTS.get(country).get(key));
    }

    private static Map<String, String> table(final String... codesAndNames) {
        final Map<String, String> table = new HashMap<>();
        for (int i = 0; i < codesAndNames.length; i += 2) {
            final String code = codesAndNames[i];
            table.put(Countries.key(code), code);
            table.put(Countries.key(codesAndNames[i + 1]), code);
        }
        return Map.copyOf(table);
    }
}
