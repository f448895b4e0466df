package io.ticketflow.gateway.web;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;

import java.util.Arrays;

/**
 * A refusal whose {@code code} is the gateway's own (not in {@link ErrorCode}, which belongs to the contracts), e.g.
 * {@code IDEMPOTENCY_KEY_IN_USE}. {@link ApiProblemAdvice} renders it with this code and status; the carrier
 * {@link #code()} is only an ErrorCode with the same status, for code that does not know this class.
 */
public class GatewayProblem extends ApiException {

    public static final String IDEMPOTENCY_KEY_IN_USE = "IDEMPOTENCY_KEY_IN_USE";
    public static final String IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED";
    public static final String DATA_TOO_DEEP = "DATA_TOO_DEEP";

    private final String codeName;
    private final int status;

    public GatewayProblem(String codeName, int status, String detail) {
        super(carrier(status), detail);
        this.codeName = codeName;
        this.status = status;
    }

    public String codeName() {
        return codeName;
    }

    public int status() {
        return status;
    }

    private static ErrorCode carrier(int status) {
        return Arrays.stream(ErrorCode.values()).filter(c -> c.status() == status).findFirst()
                .orElse(ErrorCode.INTERNAL_ERROR);
    }
}
