package io.ticketflow.platform.messaging;

import java.util.List;

/**
 * A consumer as its health check and metrics see it: refreshed by its own thread, read from anywhere.
 *
 * @param polling    the consumer thread is running and polled recently
 * @param partitions the partitions it holds now
 */
public record ConsumerStatus(String name, String group, boolean polling, List<PartitionStatus> partitions) {

    /**
     * @param inFlight      messages taken but not finished
     * @param lag           messages on the broker not yet taken (as of the last fetch)
     * @param idleMillis    since a message of this partition last finished (or it was caught up)
     * @param oldestMillis  how long the oldest unfinished message has been in work (0 when none)
     * @param stalled       work waits and nothing moved for too long, or one message is stuck
     */
    public record PartitionStatus(String partition, int inFlight, long lag, long idleMillis, long oldestMillis,
                                  boolean stalled) {
    }

    public boolean healthy() {
        return polling && partitions.stream().noneMatch(PartitionStatus::stalled);
    }

    public List<PartitionStatus> stalled() {
        return partitions.stream().filter(PartitionStatus::stalled).toList();
    }
}
