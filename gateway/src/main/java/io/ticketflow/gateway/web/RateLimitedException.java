package io.ticketflow.gateway.web;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;

import java.time.Duration;

/** Too many requests for one API key (or OMFLOW security code): 429 with {@code Retry-After}. */
public class RateLimitedException extends ApiException {

    private final Duration retryAfter;

    public RateLimitedException(String detail, Duration retryAfter) {
        super(ErrorCode.RATE_LIMITED, detail);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one. */
    public String retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }
}
