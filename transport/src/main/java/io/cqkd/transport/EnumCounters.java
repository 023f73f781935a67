package io.cqkd.transport;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One counter per constant of an enum of reasons (why datagrams or messages were dropped or
 * refused): counted on a node's loop, read by the metrics from any thread.
 */
public final class EnumCounters<E extends Enum<E>> {
    private final AtomicLongArray counts;

    public EnumCounters(Class<E> reasons) {
        counts = new AtomicLongArray(reasons.getEnumConstants().length);
    }

    public void increment(E reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    public long count(E reason) {
        return counts.get(reason.ordinal());
    }

    /** A reason as a metric label: {@code BAD_TAG} is {@code bad-tag}. */
    public static String label(Enum<?> reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
