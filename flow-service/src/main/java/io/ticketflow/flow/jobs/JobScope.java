package io.ticketflow.flow.jobs;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import io.ticketflow.platform.web.ForwardedIdentity;

import java.util.Set;

/** The job topics the caller's key may work on, as the gateway forwards them; {@code topics} null: all. */
record JobScope(Set<String> topics) {

    static JobScope of(String header) {
        return new JobScope(ForwardedIdentity.decodeTopics(header));
    }

    boolean allows(String topic) {
        return topics == null || topics.contains(topic);
    }

    void require(String topic) {
        if (!allows(topic)) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "This key works on jobs of the topics " + topics + " only, not '" + topic + "'");
        }
    }
}
