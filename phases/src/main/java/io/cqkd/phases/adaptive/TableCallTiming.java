package io.cqkd.phases.adaptive;

import io.cqkd.dht.rpc.CallTiming;
import io.cqkd.dht.rpc.FixedCallTiming;
import io.cqkd.settings.KademliaTable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The plan's table for timeouts: the row of the estimated network size gives the timeout (5 s to
 * 20 s), and the stall is a fifth of it, as with the fallback. Learns nothing from the answers.
 */
final class TableCallTiming implements CallTiming {
    private final LongSupplier size;
    private final KademliaTable table;

    TableCallTiming(LongSupplier size, KademliaTable table) {
        this.size = size;
        this.table = table;
    }

    @Override
    public Duration stallTimeout(InetSocketAddress peer, String method) {
        return FixedCallTiming.stallFor(timeout(peer, method));
    }

    @Override
    public Duration timeout(InetSocketAddress peer, String method) {
        return table.rowFor(size.getAsLong()).timeout();
    }
}
