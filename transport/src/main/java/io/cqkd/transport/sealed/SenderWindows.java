package io.cqkd.transport.sealed;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seal counters already received from each sending endpoint (by the random id in its seals), in a 64-wide sliding window per sender (the
 * anti-replay window of IPsec, RFC 4303): a counter seen before, or older than the window, is a
 * replay. Bounded: the least recently heard senders are forgotten past {@link #SENDERS}; a replay
 * from a forgotten sender is still caught by the seal's age check. Confined to the endpoint's loop.
 */
final class SenderWindows {
    /** Senders remembered per endpoint: 24 bytes each, 12 KB per endpoint for a thousand nodes a process. */
    static final int SENDERS = 512;
    private static final int WIDTH = 64;

    private static final class Window {
        long highest;
        long seen; // bit i: highest - i was received
    }

    private final Map<Long, Window> windows = new LinkedHashMap<>(16, 0.75f, true);

    /** Accepts {@code counter} from the endpoint whose seal id is {@code sender} once. */
    boolean accept(long sender, long counter) {
        Window w = windows.get(sender);
        if (w == null) {
            w = new Window();
            w.highest = counter;
            w.seen = 1;
            windows.put(sender, w);
            if (windows.size() > SENDERS) {
                windows.remove(windows.keySet().iterator().next());
            }
            return true;
        }
        if (counter > w.highest) {
            long shift = counter - w.highest;
            w.seen = shift >= WIDTH ? 1 : (w.seen << shift) | 1;
            w.highest = counter;
            return true;
        }
        long back = w.highest - counter;
        if (back >= WIDTH || (w.seen & (1L << back)) != 0) {
            return false;
        }
        w.seen |= 1L << back;
        return true;
    }
}
