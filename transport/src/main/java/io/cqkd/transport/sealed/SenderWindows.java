package io.cqkd.transport.sealed;

import io.cqkd.transport.ReplayWindow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seal counters already received from each sending endpoint (by the random id in its seals), in
 * a 64-wide {@link ReplayWindow} per sender: a counter seen before, or older than the window, is a
 * replay. Bounded: the least recently heard senders are forgotten past {@link #SENDERS}; a replay
 * from a forgotten sender is still caught by the seal's age check. Confined to the endpoint's loop.
 */
final class SenderWindows {
    /** Senders remembered per endpoint: ~56 bytes each, 28 KB per endpoint at most. */
    static final int SENDERS = 512;
    /** Out-of-order distance tolerated per sender: one datagram burst's worth. */
    private static final int WIDTH = 64;

    private final Map<Long, ReplayWindow> windows = new LinkedHashMap<>(16, 0.75f, true);

    /** Accepts {@code counter} from the endpoint whose seal id is {@code sender} once. */
    boolean accept(long sender, long counter) {
        ReplayWindow w = windows.get(sender);
        if (w == null) {
            w = new ReplayWindow(WIDTH);
            windows.put(sender, w);
            if (windows.size() > SENDERS) {
                windows.remove(windows.keySet().iterator().next());
            }
        }
        return w.accept(counter);
    }
}
