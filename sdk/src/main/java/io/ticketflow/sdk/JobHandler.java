package io.ticketflow.sdk;

import java.util.Map;

/**
 * The work of one job. Answer the variables to set on the ticket ({@code null} or empty for none); throw
 * {@link JobBpmnError} for a business error, anything else for a failure (retried as the worker is configured).
 */
@FunctionalInterface
public interface JobHandler {

    Map<String, Object> handle(ActivatedJob job) throws Exception;
}
