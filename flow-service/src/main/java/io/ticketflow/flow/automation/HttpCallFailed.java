package io.ticketflow.flow.automation;

/** A non-2xx answer; kept with its status and a bounded excerpt of the body for the incident. */
class HttpCallFailed extends RuntimeException {

    private final int status;

    HttpCallFailed(int status, String body) {
        super("HTTP " + status + (body == null || body.isBlank() ? "" : ": " + excerpt(body)), null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    private static String excerpt(String body) {
        return body.length() > 500 ? body.substring(0, 500) + "…" : body;
    }
}
