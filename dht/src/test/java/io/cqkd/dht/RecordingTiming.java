package io.cqkd.dht;

import io.cqkd.dht.rpc.CallTiming;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A call timing with fixed values that records every question and every outcome it is told. */
final class RecordingTiming implements CallTiming {
    final Duration stall;
    final Duration timeout;
    int stallsAsked;
    int timeoutsAsked;
    int answered;
    int timedOut;
    final List<Long> lateRtts = new ArrayList<>();
    final List<Long> answerRtts = new ArrayList<>();
    final Set<InetSocketAddress> timedOutPeers = new HashSet<>();

    RecordingTiming(Duration stall, Duration timeout) {
        this.stall = stall;
        this.timeout = timeout;
    }

    @Override
    public Duration stallTimeout(InetSocketAddress peer, String method) {
        stallsAsked++;
        return stall;
    }

    @Override
    public Duration timeout(InetSocketAddress peer, String method) {
        timeoutsAsked++;
        return timeout;
    }

    @Override
    public void answered(InetSocketAddress peer, String method, long rttNanos) {
        answered++;
        answerRtts.add(rttNanos);
    }

    @Override
    public void timedOut(InetSocketAddress peer, String method) {
        timedOut++;
        timedOutPeers.add(peer);
    }

    @Override
    public void answeredLate(InetSocketAddress peer, String method, long rttNanos) {
        lateRtts.add(rttNanos);
    }
}
