package io.cqkd.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Packet counters of a transport. Thread-safe because a real transport updates them from several
 * event loops; the simulator's single thread pays next to nothing for that.
 */
public final class TransportStats {
    private final LongAdder sent = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder undeliverable = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();

    public void recordSent() {
        sent.increment();
    }

    public void recordDelivered() {
        delivered.increment();
    }

    /** Dropped on purpose by a fault model: loss rate or partition. */
    public void recordLost() {
        lost.increment();
    }

    /** Nobody listening at the destination (crashed or closed node). */
    public void recordUndeliverable() {
        undeliverable.increment();
    }

    /** The socket refused the datagram (buffer full, closed channel, unreachable). */
    public void recordSendFailure() {
        sendFailures.increment();
    }

    public long sent() {
        return sent.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long lost() {
        return lost.sum();
    }

    public long undeliverable() {
        return undeliverable.sum();
    }

    public long sendFailures() {
        return sendFailures.sum();
    }

    @Override
    public String toString() {
        return "sent=" + sent() + " delivered=" + delivered() + " lost=" + lost()
                + " undeliverable=" + undeliverable() + " sendFailures=" + sendFailures();
    }
}
