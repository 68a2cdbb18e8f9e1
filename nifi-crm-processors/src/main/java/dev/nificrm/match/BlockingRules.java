package dev.nificrm.match;

import dev.nificrm.match.BlockingRule.Part;
import dev.nificrm.roles.BlockingPass;
import dev.nificrm.roles.BlockingTransform;
import dev.nificrm.roles.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * The automatic blocking passes for the roles present: the passes the roles declare ({@link Role#allBlockingPasses()}),
 * in their order, each used when every role it needs is configured. A pass keys on the first field of each role.
 */
public final class BlockingRules {

    private BlockingRules() {
    }

    /** What the blocking rule of a Key Rule is named by: {@code key:} and the rule's name ({@code key:email+phone}). */
    static final String KEY_RULE_PREFIX = "key:";

    /** The rules that apply to the fields, most selective first. */
    public static List<BlockingRule> forFields(final List<MatchField> fields) {
        final List<BlockingRule> rules = new ArrayList<>();
        for (final BlockingPass pass : Role.allBlockingPasses()) {
            final List<Part> parts = new ArrayList<>(pass.parts().size());
            for (final BlockingPass.Part part : pass.parts()) {
                final int slot = DefaultWeights.slotOf(fields, part.role());
                if (slot < 0) {
                    break;
                }
                parts.add(Part.of(slot, part.transform(), part.fallback() == null ? -1 : DefaultWeights.slotOf(fields, part.fallback())));
            }
            if (parts.size() == pass.parts().size()) {
                rules.add(new BlockingRule(pass.name(), parts, pass.unordered()));
            }
        }
        return List.copyOf(rules);
    }

    /**
     * The blocking pass of a Key Rule: records equal on every field of the rule share a block, a company name written as
     * its key is now ({@link BlockingTransform#READ}; the pass named so: {@code key:company~read+postal_code}).
     */
    static BlockingRule forKeyRule(final KeyRule keyRule) {
        final List<Part> parts = new ArrayList<>(keyRule.slots().length);
        for (int i = 0; i < keyRule.slots().length; i++) {
            parts.add(Part.of(keyRule.slots()[i], keyRule.companyNames()[i] ? BlockingTransform.READ : BlockingTransform.EXACT));
        }
        return new BlockingRule(KEY_RULE_PREFIX + keyRule.passFields(), parts);
    }
}
