package io.ticketflow.platform.messaging;

import org.apache.kafka.common.TopicPartition;
import reactor.core.Disposable;

import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One held partition's messages taken but not finished, on the consumer thread only. A fresh instance (new epoch)
 * is made for every assignment, so an acknowledgement that arrives for an earlier holding of the partition finds
 * no match and is dropped: a re-assigned partition starts clean.
 */
final class PartitionWork {

    /** A message being worked on: when it was taken and how to abandon it. */
    static final class InFlight {
        final long takenAt;
        Disposable work;

        InFlight(long takenAt) {
            this.takenAt = takenAt;
        }
    }

    final TopicPartition partition;
    final long epoch;
    final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    /** The offset after the last message taken; -1 before the first. */
    long nextOffset = -1;
    /** The last offset the broker confirmed as committed for this holding; -1 before the first commit. */
    long committed = -1;
    long lastProgressAt;
    long lag;
    boolean paused;

    PartitionWork(TopicPartition partition, long epoch, long now) {
        this.partition = partition;
        this.epoch = epoch;
        this.lastProgressAt = now;
    }

    void taken(long offset, InFlight work) {
        inFlight.put(offset, work);
        nextOffset = Math.max(nextOffset, offset + 1);
    }

    /** @return whether the message was still expected (an unknown offset is an acknowledgement to drop) */
    boolean finished(long offset, long now) {
        if (inFlight.remove(offset) == null) {
            return false;
        }
        lastProgressAt = now;
        return true;
    }

    /** Everything before this offset is finished: the offset to commit. */
    OptionalLong committable() {
        if (nextOffset < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(inFlight.isEmpty() ? nextOffset : inFlight.firstKey());
    }

    long oldestTakenAt() {
        return inFlight.values().stream().mapToLong(w -> w.takenAt).min().orElse(Long.MAX_VALUE);
    }

    /** Cancels unfinished work; nothing from the first abandoned offset on may be committed by this holder. */
    void abandon() {
        if (!inFlight.isEmpty()) {
            nextOffset = inFlight.firstKey();
        }
        inFlight.values().forEach(work -> {
            if (work.work != null) {
                work.work.dispose();
            }
        });
        inFlight.clear();
    }
}
