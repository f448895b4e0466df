package io.ticketflow.flow.jobs;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.contracts.Json;
import io.ticketflow.contracts.Topics;
import io.ticketflow.contracts.command.CommandReply;
import io.ticketflow.contracts.job.CompleteJob;
import io.ticketflow.contracts.job.ExtendLock;
import io.ticketflow.contracts.job.FailJob;
import io.ticketflow.contracts.job.JobBpmnError;
import io.ticketflow.contracts.job.JobCommand;
import io.ticketflow.platform.messaging.EventPublisher;
import io.ticketflow.platform.messaging.InboundMessage;
import io.ticketflow.platform.messaging.InvalidMessage;
import io.ticketflow.platform.messaging.MessageHandler;
import io.ticketflow.platform.messaging.OrderedConsumer;
import io.ticketflow.platform.messaging.OrderedConsumers;
import io.ticketflow.platform.messaging.PoisonReplies;
import io.ticketflow.platform.web.ApiException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Job workers on Kafka: their outcomes arrive on {@code ticketflow.job-commands} and are handled like the same
 * calls over HTTP, each answered once on {@code ticketflow.replies}; a record that cannot be read is dead-lettered
 * (and answered when its commandId can be found). Producers on the topic act as integrations.
 */
@Configuration(proxyBeanMethods = false)
class JobCommandsConsumer {

    static final String GROUP = "flow-service-jobs";

    private final JobBoard board;
    private final EventPublisher publisher;

    JobCommandsConsumer(JobBoard board, EventPublisher publisher) {
        this.board = board;
        this.publisher = publisher;
    }

    @Bean
    OrderedConsumer jobCommands(OrderedConsumers consumers) {
        return consumers.create("job-commands", GROUP, List.of(Topics.JOB_COMMANDS), new MessageHandler() {
            @Override
            public Mono<Void> handle(InboundMessage message) {
                return JobCommandsConsumer.this.handle(message);
            }

            @Override
            public Mono<Void> onPoison(InboundMessage message, Throwable failure) {
                return PoisonReplies.answer(publisher, message, failure, "job command");
            }
        });
    }

    Mono<Void> handle(InboundMessage message) {
        JobCommand command;
        try {
            command = message.payload() == null ? null : Json.read(message.payload(), JobCommand.class);
        } catch (RuntimeException unreadable) {
            throw new InvalidMessage("Unreadable job command: " + unreadable.getMessage(), unreadable);
        }
        if (command == null || command.commandId() == null || command.commandId().isBlank()) {
            throw new InvalidMessage("A job command without commandId");
        }
        return Mono.defer(() -> apply(command, message.key()))
                .then(Mono.fromSupplier(() -> CommandReply.ok(command.commandId(), "OK", null)))
                .onErrorResume(ApiException.class, refused ->
                        Mono.just(CommandReply.rejected(command.commandId(), refused.code(), refused.getMessage())))
                .flatMap(reply -> publisher.publishRaw(
                        new ProducerRecord<>(Topics.REPLIES, reply.commandId(), Json.write(reply))));
    }

    private Mono<Void> apply(JobCommand command, String key) {
        if (command.jobId() == null || command.jobId().isBlank()) {
            return Mono.error(new ApiException(ErrorCode.VALIDATION_FAILED, "jobId is required"));
        }
        String workerId = FetchRequest.workerId(command.workerId());
        String jobId = command.jobId();
        JobScope all = JobScope.of(null);
        if (command.type() == null) {
            return Mono.error(new ApiException(ErrorCode.UNKNOWN_COMMAND, "type is required"));
        }
        return switch (command.type()) {
            case JobCommand.COMPLETE -> board.claim(jobId, workerId)
                    .then(Mono.defer(() -> board.complete(jobId, new CompleteJob(workerId, command.variables()), all,
                            key)));
            case JobCommand.FAIL -> board.claim(jobId, workerId)
                    .then(Mono.defer(() -> board.fail(jobId, new FailJob(workerId, command.errorMessage(),
                            command.errorDetails(), command.retries(), command.retryTimeout()), all, key)));
            case JobCommand.BPMN_ERROR -> board.claim(jobId, workerId)
                    .then(Mono.defer(() -> board.bpmnError(jobId, new JobBpmnError(workerId, command.errorCode(),
                            command.errorMessage(), command.variables()), all, key)));
            case JobCommand.EXTEND_LOCK -> board.claim(jobId, workerId)
                    .then(Mono.defer(() -> board.extendLock(jobId, new ExtendLock(workerId, command.newDuration()),
                            all)));
            default -> Mono.error(new ApiException(ErrorCode.UNKNOWN_COMMAND, "Unknown job command type '"
                    + command.type() + "'; one of " + List.of(JobCommand.COMPLETE, JobCommand.FAIL,
                    JobCommand.BPMN_ERROR, JobCommand.EXTEND_LOCK)));
        };
    }
}
