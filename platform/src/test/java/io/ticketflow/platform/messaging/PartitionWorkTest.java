package io.ticketflow.platform.messaging;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The offset bookkeeping of one holding of a partition. */
class PartitionWorkTest {

    private final TopicPartition partition = new TopicPartition("t", 0);

    @Test
    void onlyTheOffsetBeforeTheFirstUnfinishedMessageIsCommittable() {
        var work = new PartitionWork(partition, 1, 0);
        assertThat(work.committable()).isEmpty();

        work.taken(10, new PartitionWork.InFlight(0));
        work.taken(11, new PartitionWork.InFlight(0));
        work.taken(12, new PartitionWork.InFlight(0));
        assertThat(work.committable()).hasValue(10);

        assertThat(work.finished(11, 5)).isTrue();
        assertThat(work.committable()).hasValue(10); // 10 still runs: 11 finished out of order
        assertThat(work.finished(10, 6)).isTrue();
        assertThat(work.committable()).hasValue(12);
        assertThat(work.finished(12, 7)).isTrue();
        assertThat(work.committable()).hasValue(13);
        assertThat(work.lastProgressAt).isEqualTo(7);
    }

    @Test
    void anAcknowledgementThisHoldingDidNotTakeIsDropped() {
        var work = new PartitionWork(partition, 2, 0);
        work.taken(5, new PartitionWork.InFlight(0));

        assertThat(work.finished(4, 1)).isFalse(); // e.g. from an earlier holding of the same partition
        assertThat(work.finished(5, 1)).isTrue();
        assertThat(work.finished(5, 2)).isFalse(); // twice
        assertThat(work.committable()).hasValue(6);
    }

    @Test
    void abandonedWorkIsNeverCommitted() {
        var work = new PartitionWork(partition, 3, 0);
        work.taken(20, new PartitionWork.InFlight(0));
        work.taken(21, new PartitionWork.InFlight(0));
        work.taken(22, new PartitionWork.InFlight(0));
        work.finished(20, 1);
        work.finished(22, 1);

        work.abandon();

        assertThat(work.inFlight).isEmpty();
        assertThat(work.committable()).hasValue(21);
    }
}
