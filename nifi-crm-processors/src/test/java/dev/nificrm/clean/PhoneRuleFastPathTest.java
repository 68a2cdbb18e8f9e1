package dev.nificrm.clean;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.nificrm.clean.FastPaths.assertSameResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The North American and E.164 short cuts of {@link PhoneRule} give exactly what the general path gives. */
class PhoneRuleFastPathTest {
    private static final String DEFAULT_REGION = "US";
    private static final List<String> REGIONS = List.of("US", "CA", "PR", "JM", "DE", "GB", "FR", "IN", "AU", "BR");

    @ParameterizedTest
    @EnumSource(PhoneRule.Validation.class)
    void givesTheGeneralPathsResultForEveryEvalPhone(final PhoneRule.Validation validation) {
        final PhoneRule rule = new PhoneRule(DEFAULT_REGION, validation);
        final List<String> values = FastPaths.evalValues("Phone", "people-1000.csv", "leads-100.csv");
        assertEquals(1200, values.size());
        // the values side by side (PhoneRule and libphonenumber are thread-safe); each checked as on one thread
        values.parallelStream().forEach(value -> {
            for (final String region : REGIONS) {
                final CleanResult general = general(rule, value, region);
                assertSameResult(general, rule.clean(value, region), value + " in " + region);
                if (region.equals(DEFAULT_REGION)) {
                    // the general path's result in the default region is also the one for no region: made once
                    assertSameResult(general, rule.clean(value, null), value + " without a region");
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(PhoneRule.Validation.class)
    void givesTheGeneralPathsResultForGeneratedShapes(final PhoneRule.Validation validation) {
        final PhoneRule rule = new PhoneRule(DEFAULT_REGION, validation);
        generated().parallelStream().forEach(value -> {
            for (final String region : REGIONS) {
                assertSameResult(general(rule, value, region), rule.clean(value, region), value + " in " + region);
            }
        });
    }

    @Test
    void knowsTheNorthAmericanRegionsAsLibphonenumberDoes() {
        final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        int northAmerican = 0;
        for (final String region : util.getSupportedRegions()) {
            final boolean plan = util.getCountryCodeForRegion(region) == 1;
            northAmerican += plan ? 1 : 0;
            final String value = "2024561111";
            assertEquals(plan, PhoneRule.parseNorthAmerican(value, region) != null, region);
        }
        assertTrue(northAmerican > 20);
    }

    @Test
    void keepsTheSameInstanceOfANorthAmericanE164Number() {
        final PhoneRule rule = new PhoneRule("US", PhoneRule.Validation.POSSIBLE);
        final String value = new String("+12024561111".toCharArray());
        assertSame(value, rule.clean(value, "DE").getValue());
        assertTrue(PhoneRule.isNorthAmericanE164(value));
        assertTrue(!PhoneRule.isNorthAmericanE164("+11024561111") && !PhoneRule.isNorthAmericanE164("+1202456111x")
                && !PhoneRule.isNorthAmericanE164("+442024561111") && !PhoneRule.isNorthAmericanE164("12024561111"));
    }

    /**
     * What clean did before the short cuts: every number, the North American reader's included, checked and formatted by
     * libphonenumber; a value with a sign other than one leading + is rejected before either path reads it.
     */
    private static CleanResult general(final PhoneRule rule, final String value, final String region) {
        if (PhoneRule.hasSignOtherThanOneLeadingPlus(value)) {
            return CleanResult.invalid(PhoneRule.SIGN);
        }
        final String parseRegion = region != null && PhoneRule.isSupportedRegion(region) ? region : DEFAULT_REGION;
        return rule.cleanGeneral(value, parseRegion, PhoneRule.parseNorthAmerican(value, parseRegion));
    }

    /** NANP numbers valid and not (area codes 0xx, 1xx, 555, unassigned), in many writings, E.164 of other countries, junk. */
    private static List<String> generated() {
        final Random random = new Random(42);
        final List<String> values = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            final String area = String.valueOf(random.nextInt(1000) + 1000).substring(1);
            final String exchange = String.valueOf(random.nextInt(1000) + 1000).substring(1);
            final String line = String.valueOf(random.nextInt(10000) + 10000).substring(1);
            final String digits = area + exchange + line;
            values.add(digits);
            values.add("+1" + digits);
            values.add("1" + digits);
            values.add("001" + digits);
            values.add("+1-" + area + "-" + exchange + "-" + line);
            values.add("(" + area + ") " + exchange + "-" + line);
            values.add(area + "." + exchange + "." + line + "x" + random.nextInt(100000));
            values.add(area + "-" + exchange + "-" + line + " ext. " + random.nextInt(1000));
            values.add("+1 " + area + " " + exchange + " " + line + " ext 12");
            values.add("+" + (random.nextInt(98) + 2) + digits);
            values.add("00" + (random.nextInt(98) + 2) + digits);
            values.add("+" + digits.substring(0, 1 + random.nextInt(9)));
            values.add("0" + digits);
        }
        values.addAll(List.of("", "n/a", "+", "++12024561111", "+1 (202) 456-1111 x", "+1 202 456 1111 x1234567890", "+49 30 1234567", "+4402071234567",
                "+12024561111;ext=12", "tel:+12024561111", "+1202456111", "+120245611111", "1-800-FLOWERS", "+1 202 456 1111 ext. 5"));
        return values;
    }
}
