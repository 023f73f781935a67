package io.cqkd.phases.health;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the detectors of a process (or of one scale-test run) did, counted across their nodes:
 * checks by level and verdict, suspicions, deaths by reason, indirect probes, discovery, and the
 * RPCs all of it cost. Any thread: each node's loop adds, metrics and reports read.
 */
public final class HealthCounters {
    private final Map<String, LongAdder> checks = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> deaths = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> probesServed = new ConcurrentHashMap<>();
    private final LongAdder suspected = new LongAdder();
    private final LongAdder refuted = new LongAdder();
    private final LongAdder suspicionDropped = new LongAdder();
    private final LongAdder probesSent = new LongAdder();
    private final LongAdder probesAlive = new LongAdder();
    private final LongAdder probesUnreached = new LongAdder();
    private final Map<String, LongAdder> rpcs = new ConcurrentHashMap<>();
    private final LongAdder checksDropped = new LongAdder();
    private final Map<String, LongAdder> deferred = new ConcurrentHashMap<>();
    private final LongAdder discoveryReturned = new LongAdder();
    private final LongAdder discoveryRejected = new LongAdder();

    void checkDone(HealthLevel level, CheckOutcome outcome) {
        add(checks, level.label() + "/" + outcome.label());
    }

    void dead(String reason) {
        add(deaths, reason);
    }

    void onSuspected() {
        suspected.increment();
    }

    void onRefuted() {
        refuted.increment();
    }

    void onSuspicionDropped() {
        suspicionDropped.increment();
    }

    void probeSent() {
        probesSent.increment();
    }

    void probeAnswered(boolean alive) {
        (alive ? probesAlive : probesUnreached).increment();
    }

    void probeServed(String result) {
        add(probesServed, result);
    }

    /** One RPC of {@code kind}: check, reping, probe (asked of a prober), probe-ping (a prober's). */
    void rpc(String kind) {
        add(rpcs, kind);
    }

    void rpcs(String kind, int n) {
        rpcs.computeIfAbsent(kind, k -> new LongAdder()).add(n);
    }

    void checkDropped() {
        checksDropped.increment();
    }

    /** A health call of {@code kind} waited: the node's call slots were busy with its own work. */
    void deferred(String kind) {
        add(deferred, kind);
    }

    void discovery(int returned, int rejected) {
        discoveryReturned.add(returned);
        discoveryRejected.add(rejected);
    }

    private static void add(Map<String, LongAdder> map, String key) {
        map.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Checks by "level/verdict". */
    public Map<String, Long> checks() {
        return snapshot(checks);
    }

    /** Peers declared dead, by reason ({@code suspicion}, {@code ping-only}, or a fault such as {@code value-lost}). */
    public Map<String, Long> deaths() {
        return snapshot(deaths);
    }

    public long deathsTotal() {
        return deaths.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long checksTotal() {
        return checks.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Indirect probes served, by result (answered, refused, malformed). */
    public Map<String, Long> probesServed() {
        return snapshot(probesServed);
    }

    public long suspected() {
        return suspected.sum();
    }

    /** Suspicions cleared by an answer: accusations a ping-only detector would have made. */
    public long refuted() {
        return refuted.sum();
    }

    public long suspicionDropped() {
        return suspicionDropped.sum();
    }

    public long probesSent() {
        return probesSent.sum();
    }

    /** Indirect probes answered: the prober reached the suspect ({@code true}) or not. */
    public long probesAnswered(boolean alive) {
        return (alive ? probesAlive : probesUnreached).sum();
    }

    /** RPCs the detector sent: checks, re-pings, probe requests and the probers' pings. */
    public long rpcs() {
        return rpcs.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** RPCs by kind: check, reping, probe, probe-ping. */
    public Map<String, Long> rpcsByKind() {
        return snapshot(rpcs);
    }

    /** Checks not started because the queue of checks to run soon was full. */
    public long checksDropped() {
        return checksDropped.sum();
    }

    /** Health calls that waited for room in the node's call slots, by kind (check, reping, probe-ping). */
    public Map<String, Long> deferred() {
        return snapshot(deferred);
    }

    public long discoveryReturned() {
        return discoveryReturned.sum();
    }

    /** Discovery candidates left out: they failed their check. */
    public long discoveryRejected() {
        return discoveryRejected.sum();
    }
}
