package dev.nificrm.webhook;

import java.time.Instant;
import java.util.Base64;

/**
 * The outcome of checking one request: verified (with the signature, to remember against replays, and the time the
 * sender signed it, when the scheme carries one) or rejected with a {@link Rejection}.
 */
public final class Verification {
    private final Rejection rejection;
    private final byte[] signature;
    private final Instant signedAt;
    private final boolean previousSecret;

    private Verification(final Rejection rejection, final byte[] signature, final Instant signedAt, final boolean previousSecret) {
        this.rejection = rejection;
        this.signature = signature;
        this.signedAt = signedAt;
        this.previousSecret = previousSecret;
    }

    static Verification verified(final byte[] signature, final Instant signedAt, final boolean previousSecret) {
        return new Verification(null, signature.clone(), signedAt, previousSecret);
    }

    /** This verified request, marked as proven by the previous secret. */
    Verification byPrevious() {
        return new Verification(null, signature, signedAt, true);
    }

    public static Verification rejected(final Rejection rejection) {
        return new Verification(rejection, null, null, false);
    }

    /** Whether a verified request proved itself with the previous secret (the sender has not moved to the new one yet). */
    public boolean byPreviousSecret() {
        return previousSecret;
    }

    public boolean isVerified() {
        return rejection == null;
    }

    /** Why the request was rejected; null when it was verified. */
    public Rejection rejection() {
        return rejection;
    }

    /** The HTTP status to answer with: 200 when verified, else the rejection's. */
    public int httpStatus() {
        return rejection == null ? 200 : rejection.httpStatus();
    }

    /** A verified request's signature, Base64-encoded whatever the sender's encoding: the key a replay is recognised by. */
    public String signatureKey() {
        if (signature == null) {
            throw new IllegalStateException("A rejected request has no verified signature");
        }
        return Base64.getEncoder().encodeToString(signature);
    }

    /** When the sender signed a verified request, or null when the scheme carries no timestamp. */
    public Instant signedAt() {
        return signedAt;
    }

    @Override
    public String toString() {
        return rejection == null ? "verified" : "rejected: " + rejection.reason();
    }
}
