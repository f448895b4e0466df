package io.ticketflow.platform.egress;

/**
 * The egress policy refused an address. Its message is the same for every refused address and port, so a flow
 * author learns the policy, never what listens where.
 */
public class EgressDeniedException extends RuntimeException {

    public static final String MESSAGE = "the egress policy does not allow calls to this address";

    private final String why;

    EgressDeniedException(String why) {
        super(MESSAGE, null, false, false);
        this.why = why;
    }

    /** For the service's own log only: which rule refused which address. */
    public String why() {
        return why;
    }

    /** The refusal somewhere in {@code error}'s causes, or null. */
    public static EgressDeniedException in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EgressDeniedException denied) {
                return denied;
            }
        }
        return null;
    }
}
