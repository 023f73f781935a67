package io.cqkd.phases.adaptive;

/**
 * One peer's smoothed round trip and its variation, as TCP keeps them (RFC 6298): the first answer
 * sets SRTT = R and RTTVAR = R / 2; every later one RTTVAR = 3/4 RTTVAR + 1/4 |SRTT − R| and then
 * SRTT = 7/8 SRTT + 1/8 R. {@link #rtoNanos} = SRTT + 4 RTTVAR is how long the peer may take before
 * waiting longer is more likely a loss than a slow answer.
 */
final class PeerRtt {
    private long srtt;
    private long rttvar;

    PeerRtt(long firstRttNanos) {
        srtt = firstRttNanos;
        rttvar = firstRttNanos / 2;
    }

    void add(long rttNanos) {
        rttvar = (3 * rttvar + Math.abs(srtt - rttNanos)) / 4;
        srtt = (7 * srtt + rttNanos) / 8;
    }

    long srttNanos() {
        return srtt;
    }

    long rtoNanos() {
        return srtt + 4 * rttvar;
    }
}
