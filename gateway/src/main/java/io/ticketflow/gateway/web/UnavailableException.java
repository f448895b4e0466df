package io.ticketflow.gateway.web;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;

import java.time.Duration;

/** A dependency is down: answered 503 with a {@code Retry-After} so well-behaved clients back off. */
public class UnavailableException extends ApiException {

    private final Duration retryAfter;

    public UnavailableException(String detail, Duration retryAfter) {
        super(ErrorCode.SERVICE_UNAVAILABLE, detail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, at least one: {@code Retry-After: 0} would invite a retry storm. */
    public String retryAfterSeconds() {
        long millis = retryAfter.toMillis();
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }
}
