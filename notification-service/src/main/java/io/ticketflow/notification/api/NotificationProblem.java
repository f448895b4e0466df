package io.ticketflow.notification.api;

import org.springframework.http.HttpStatus;

/**
 * A refusal whose code is notification-service's own (the shared {@code ErrorCode} has no word for it), still
 * answered as problem+json with a {@code code}.
 */
public class NotificationProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public NotificationProblem(HttpStatus status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
