package dev.nificrm.match;

import dev.nificrm.match.BlockingRule.Part;
import dev.nificrm.roles.BlockingPass;
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
}
