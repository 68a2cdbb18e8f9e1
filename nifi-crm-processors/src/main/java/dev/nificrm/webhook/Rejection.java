package dev.nificrm.webhook;

/**
 * Why a webhook request was not accepted, with the HTTP status to answer it with. Requests that do not prove they come
 * from the sender (no signature, a wrong, expired or already used one) get 401 Unauthorized: the sender must sign the
 * request (again). Requests whose authentication headers cannot even be read get 400 Bad Request. A stale timestamp is
 * 401 and not 403 Forbidden: 403 says "who you are is known and not allowed", while a stale signature proves nothing
 * about who sent it; it is an expired credential, and a genuine sender with a skewed clock fixes it by signing anew.
 */
public enum Rejection {
    MISSING_SIGNATURE(401, "no signature header"),
    MALFORMED_SIGNATURE(400, "the signature header is not in the configured encoding"),
    MISSING_TIMESTAMP(401, "no timestamp header"),
    MALFORMED_TIMESTAMP(400, "the timestamp header is not a timestamp in the configured format"),
    STALE_TIMESTAMP(401, "the timestamp is outside the tolerance"),
    SIGNATURE_MISMATCH(401, "the signature does not match the request"),
    REPLAYED(401, "the signature was already used by an earlier request"),
    UNKNOWN_SIGNATURE_VERSION(400, "the signature version header names a version the scheme does not know (HubSpot: v1 or v2)"),
    NUL_IN_BODY(401, "the body holds a NUL byte, as a body extended after it was signed does"),
    MISSING_KEY(401, "no key in the configured query parameter or header"),
    KEY_MISMATCH(401, "the key does not match"),
    UNREADABLE_BODY(400, "the body cannot be read by the Record Reader"),
    MISSING_BODY_TOKEN(401, "no token in the configured field of the body"),
    BODY_TOKEN_MISMATCH(401, "the token in the body does not match");

    private final int httpStatus;
    private final String reason;

    Rejection(final int httpStatus, final String reason) {
        this.httpStatus = httpStatus;
        this.reason = reason;
    }

    /** The HTTP status code to answer the request with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Why, in words an operator reads in an attribute or a log (never the request's content). */
    public String reason() {
        return reason;
    }
}
