package io.ticketflow.platform.web;

import io.ticketflow.contracts.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/** Every service answers errors the same way: problem+json with a code. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<ProblemDetail> api(ApiException e) {
        return Problems.response(Problems.problem(e.code(), e.getMessage(), e.errors()));
    }

    @ExceptionHandler({ServerWebInputException.class, DecodingException.class})
    public ResponseEntity<ProblemDetail> malformed(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return Problems.response(ErrorCode.MALFORMED_REQUEST, "The request could not be read: " + rootMessage(cause));
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    public ResponseEntity<ProblemDetail> mediaType(UnsupportedMediaTypeStatusException e) {
        return Problems.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.getReason());
    }

    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        ErrorCode code = switch (e.getStatusCode().value()) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> e.getStatusCode().is4xxClientError() ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
        // A 404's reason names the URL as this server saw it (an internal host and port behind the gateway)
        String detail = code == ErrorCode.NOT_FOUND ? "Nothing is found at this path"
                : e.getReason() == null ? e.getStatusCode().toString() : e.getReason();
        return Problems.response(code, detail);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return Problems.response(ErrorCode.INTERNAL_ERROR, "Unexpected error; see the service log");
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
