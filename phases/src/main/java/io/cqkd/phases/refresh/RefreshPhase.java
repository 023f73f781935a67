package io.cqkd.phases.refresh;

import io.cqkd.dht.DhtNode;
import io.cqkd.phases.GuardRule;
import io.cqkd.phases.PhaseModule;
import io.cqkd.phases.ProcessContext;
import io.cqkd.settings.Feature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 5 as a module: a {@link RefreshNode} on every node of the process — stability score,
 * adaptive interval, event-driven and emergency refresh, optimiser — on while
 * {@code ENABLE_ADAPTIVE_REFRESH} is. Off (start-up, a run-time flip, the guard): the fixed
 * {@code FALLBACK_REFRESH_INTERVAL}. Guard: refresh calls above half of all the process sends over
 * 30 s, for {@code GUARD_WINDOW} (the optimiser should never let it get there). Once a minute it
 * saves the table and logs what the optimisers decided.
 */
public final class RefreshPhase implements PhaseModule {
    private static final Logger log = LoggerFactory.getLogger(RefreshPhase.class);
    /** The guard's threshold: refresh traffic above half of all traffic is a policy gone wrong. */
    static final double GUARD_MAX_RPC_SHARE = 0.5;
    /** Readings (one a second) the guard's share is taken over. */
    static final int READINGS = 30;
    /**
     * How often the table is saved (and once more when the process stops) and the optimisers'
     * decisions summed up in the log: a process killed with SIGKILL restarts from a table at most
     * this old, whose peers mostly still run.
     */
    static final int MINUTE_SECONDS = 60;

    private final ProcessContext context;
    private final RefreshParameters parameters;
    private final RefreshCounters counters = new RefreshCounters();
    private final List<RefreshNode> nodes = new CopyOnWriteArrayList<>();
    private final ArrayDeque<long[]> readings = new ArrayDeque<>();
    /** Where this process saves its table; empty: nowhere (no DATA_DIR, or the phase off at start). */
    private final Optional<Path> tableFile;
    private final SavedTable loaded;
    private int seconds;
    /** The last save failed (reported once, until one succeeds again). */
    private boolean saveFailing;
    private long[] lastLogged = new long[RefreshOptimiser.Decision.values().length];

    public RefreshPhase(ProcessContext context) {
        this.context = context;
        this.parameters = RefreshParameters.of(context.settings());
        RefreshMetrics.register(context.registry(), context.role().label(), counters, nodes, this::lastShare);
        this.tableFile = active() ? parameters.dataDir().map(dir -> dir.resolve(context.role().label() + "-"
                + context.settings().effectivePort() + ".table")) : Optional.empty();
        this.loaded = tableFile.map(this::load).orElse(null);
    }

    /** The table saved before a restart, if there is a usable one; one log line either way. */
    private SavedTable load(Path file) {
        LoadedTable read = SavedTableFile.read(file, context.role().label());
        if (read.isLoaded()) {
            SavedTable t = read.table().orElseThrow();
            log.info("event=saved-table-loaded role={} file={} peers={} size_estimate={}", context.role().label(), file,
                    t.peers().size(), t.sizeEstimate());
            return t;
        }
        if (read.status() == LoadedTable.Status.MISSING) {
            log.info("event=saved-table-missing role={} file={} (a first start: nothing saved yet)", context.role().label(),
                    file);
        } else {
            log.warn("event=saved-table-ignored role={} reason=\"{}\"", context.role().label(), read.problem());
        }
        return null;
    }

    @Override
    public List<InetSocketAddress> savedPeers() {
        return loaded == null ? List.of() : loaded.peers();
    }

    @Override
    public void everySecond() {
        if (++seconds < MINUTE_SECONDS) {
            return;
        }
        seconds = 0;
        save();
        if (active() && !nodes.isEmpty()) {
            logDecisions();
        }
    }

    @Override
    public void processStopping() {
        save();
    }

    /** Writes the good peers of this process's nodes (not the nodes themselves) and the size estimate. */
    private synchronized void save() { // the timer thread, and the shutdown hook
        if (tableFile.isEmpty() || nodes.isEmpty() || !active()) {
            return;
        }
        Set<InetSocketAddress> own = new HashSet<>();
        nodes.forEach(n -> own.add(n.node().address()));
        Set<InetSocketAddress> peers = new LinkedHashSet<>();
        for (int rank = 0; rank < RefreshNode.SAVED_PEERS_PER_NODE && peers.size() < SavedTable.MAX_PEERS; rank++) {
            for (RefreshNode n : nodes) { // each node's best first, then each one's second...
                List<InetSocketAddress> good = n.goodPeers();
                if (rank < good.size() && !own.contains(good.get(rank)) && peers.size() < SavedTable.MAX_PEERS) {
                    peers.add(good.get(rank));
                }
            }
        }
        if (peers.isEmpty()) {
            return; // nothing worth keeping: a table saved while cut off would only mislead the next start
        }
        long[] estimates = nodes.stream().mapToLong(RefreshNode::sizeEstimate).filter(e -> e > 0).sorted().toArray();
        SavedTable table = new SavedTable(context.role().label(), System.currentTimeMillis(),
                estimates.length == 0 ? 0 : estimates[estimates.length / 2], List.copyOf(peers));
        try {
            SavedTableFile.write(tableFile.get(), table);
            if (saveFailing) {
                saveFailing = false;
                log.info("event=saved-table-written-again role={} file={}", context.role().label(), tableFile.get());
            }
        } catch (IOException e) {
            // Once, not every minute: a DATA_DIR that cannot be written stays so until someone fixes it.
            if (!saveFailing) {
                saveFailing = true;
                log.warn("event=saved-table-not-written role={} file={} reason=\"{}: {}\" (DATA_DIR must be a writable"
                        + " directory; the process runs on, and will not re-join from a saved table)",
                        context.role().label(), tableFile.get(), e.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    @Override
    public Feature feature() {
        return Feature.ADAPTIVE_REFRESH;
    }

    private boolean active() {
        return context.flags().active(Feature.ADAPTIVE_REFRESH);
    }

    @Override
    public void nodeStarted(DhtNode node) {
        RefreshNode.start(node, parameters, counters, loaded == null ? 0 : loaded.sizeEstimate()).thenAccept(refresh -> {
            nodes.add(refresh);
            refresh.use(active());
        });
    }

    @Override
    public void nodeStopped(DhtNode node) {
        nodes.removeIf(r -> r.node() == node);
    }

    @Override
    public void flagChanged(boolean active, List<DhtNode> started) {
        nodes.forEach(n -> n.use(active));
    }

    @Override
    public Optional<GuardRule> guard() {
        return Optional.of(new GuardRule("share of calls sent by refresh lookups", this::rpcShare, GUARD_MAX_RPC_SHARE));
    }

    @Override
    public Map<String, Object> health() {
        double[] scores = nodes.stream().mapToDouble(RefreshNode::stability).sorted().toArray();
        long[] intervals = nodes.stream().mapToLong(n -> n.interval().toSeconds()).sorted().toArray();
        return Map.of("stability", scores.length == 0 ? 1.0 : scores[scores.length / 2],
                "stability_min", scores.length == 0 ? 1.0 : scores[0],
                "refresh_interval_seconds", intervals.length == 0 ? 0 : intervals[intervals.length / 2]);
    }

    /** Refresh calls over all calls of the process's nodes in the last {@link #READINGS} readings; read once a second. */
    synchronized double rpcShare() {
        long all = nodes.stream().mapToLong(n -> n.node().stats().sum("rpc.sent.")).sum();
        readings.addLast(new long[] {counters.refreshRpcs(), all});
        if (readings.size() > READINGS) {
            readings.removeFirst();
        }
        return lastShare();
    }

    private synchronized double lastShare() {
        if (readings.size() < 2) {
            return 0;
        }
        long[] first = readings.getFirst();
        long[] last = readings.getLast();
        long all = last[1] - first[1];
        return all <= 0 ? 0 : Math.min(1, (double) (last[0] - first[0]) / all);
    }

    private void logDecisions() {
        RefreshOptimiser.Decision[] kinds = RefreshOptimiser.Decision.values();
        long[] now = new long[kinds.length];
        StringBuilder line = new StringBuilder("event=refresh-optimiser role=").append(context.role().label());
        for (int i = 0; i < kinds.length; i++) {
            now[i] = counters.decisions(kinds[i]);
            line.append(' ').append(kinds[i].name().toLowerCase(Locale.ROOT)).append('=').append(now[i] - lastLogged[i]);
        }
        lastLogged = now;
        Map<String, Object> h = health();
        line.append(" interval_median_s=").append(h.get("refresh_interval_seconds"))
                .append(" stability_median=").append(String.format(Locale.ROOT, "%.2f", (double) h.get("stability")));
        log.info(line.toString());
    }
}
