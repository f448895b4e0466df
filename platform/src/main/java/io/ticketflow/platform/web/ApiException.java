package io.ticketflow.platform.web;

import io.ticketflow.contracts.ErrorCode;

import java.util.List;

/** A refusal a caller can act on; rendered as problem+json with its {@code code}. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<?> errors;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public ApiException(ErrorCode code, String detail, List<?> errors) {
        super(detail);
        this.code = code;
        this.errors = errors;
    }

    public ErrorCode code() {
        return code;
    }

    public List<?> errors() {
        return errors;
    }
}
