package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/** The problem+json answers end-to-end tests expect. */
final class ProblemAnswers {

    private ProblemAnswers() {
    }

    /** The answer is a problem+json with this status and {@code code}. */
    static void problem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.text("code")).as(answer.toString()).isEqualTo(code);
    }
}
