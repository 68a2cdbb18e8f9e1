package dev.nificrm.processors;

import dev.nificrm.reconcile.Reconciler;

/** The Link By choices of ReconcileCRMRecord: how a target record names its entity. */
public enum LinkByOption implements LabelledValue {
    TARGET_ID(new Label("target-id", "Target ID",
            "By the record's own id in the Target System, which the store's cross-reference maps to its entity (a sync that reads the "
                    + "target back, or writes it and records the id)"), Reconciler.LinkMode.TARGET_ID),
    GOLDEN_ID(new Label("golden-id", "Golden ID",
            "By a field holding the entity's golden id, e.g. MatchCRMRecord's crm_match_id written into the target table by a migration"),
            Reconciler.LinkMode.GOLDEN_ID);

    private final Label label;
    private final Reconciler.LinkMode mode;

    LinkByOption(final Label label, final Reconciler.LinkMode mode) {
        this.label = label;
        this.mode = mode;
    }

    @Override
    public Label label() {
        return label;
    }

    Reconciler.LinkMode getMode() {
        return mode;
    }
}
