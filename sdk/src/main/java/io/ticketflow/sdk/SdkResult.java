package io.ticketflow.sdk;

/**
 * The answer of every {@link TicketflowClient} call, shaped like the seed SDK's {@code {"code","data","msg"}}.
 *
 * <ul>
 *   <li>success: {@code code} is the HTTP status (200, or 201 for a create), {@code data} the answer's body
 *       ({@code null} when it had none), {@code msg} the seed's wording ({@code "提交成功！"}, …),
 *       {@code errorCode} {@code null};</li>
 *   <li>accepted but not finished within the gateway's reply timeout: {@code code} 202, {@code data}
 *       {@code {"commandId","status":"PENDING","href"}}, {@code msg} {@code "已受理，处理中"}; look the outcome up
 *       with {@link TicketflowClient#commandStatus(String)};</li>
 *   <li>refused: {@code code} is the HTTP status (403, 404, 409, 422, …), {@code data} {@code null}, {@code msg}
 *       the problem's {@code detail} and {@code errorCode} its machine-readable {@code code}
 *       ({@code NOT_A_HANDLER}, {@code TICKET_CLOSED}, …).</li>
 * </ul>
 *
 * @param code      the HTTP status of the answer
 * @param data      the answer's body on success (or the pending command on 202), otherwise {@code null}
 * @param msg       a human-readable message
 * @param errorCode the problem's machine-readable {@code code} on failure, otherwise {@code null}
 * @param <T>       the type of {@code data}
 */
public record SdkResult<T>(int code, T data, String msg, String errorCode) {

    /** Whether the operation was done: a 2xx answer other than 202. */
    public boolean ok() {
        return code >= 200 && code < 300 && code != 202;
    }

    /** Whether the gateway accepted the command but had no outcome yet (202); see {@code commandStatus}. */
    public boolean pending() {
        return code == 202;
    }
}
