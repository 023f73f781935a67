package io.cqkd.settings;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Every setting the system reads. The environment variable names are the scaling plan's and are a
 * contract: scripts and deployments use them. Flags are the same names in kebab case.
 */
public final class SettingNames {
    private SettingNames() {}

    public static final Setting<Integer> DHT_PORT = new Setting<>("DHT_PORT", "--dht-port", "",
            ValueParser.port(), 0, "UDP port of this node; unset: 7000 + WORKER_ID - 1 (phase 1) or FALLBACK_STATIC_PORT");
    public static final Setting<Integer> WORKER_ID = new Setting<>("WORKER_ID", "--worker-id", "1",
            ValueParser.integer(1, 1_000_000), 0, "number of this worker, from 1; picks its preferred port");
    public static final Setting<List<InetSocketAddress>> BOOTSTRAP_NODES = new Setting<>("BOOTSTRAP_NODES",
            "--bootstrap-nodes", "", ValueParser.addresses(), 0,
            "bootstrap nodes to join through; empty on a bootstrap node starts a new network");
    public static final Setting<String> BOOTSTRAP_LEVEL = new Setting<>("BOOTSTRAP_LEVEL", "--bootstrap-level",
            "super", ValueParser.choice("super", "regional"), 2, "tier of a bootstrap node");
    public static final Setting<Integer> MAX_CONNECTIONS = new Setting<>("MAX_CONNECTIONS", "--max-connections",
            "500", ValueParser.integer(1, 1_000_000), 2, "joins a bootstrap node serves at once (plan: 500 super, 250 regional)");
    public static final Setting<String> REGION = new Setting<>("REGION", "--region", "default", ValueParser.name(), 1,
            "region of this node, for port slices and regional bootstrap");
    public static final Setting<Boolean> ENABLE_DYNAMIC_PORTS = new Setting<>("ENABLE_DYNAMIC_PORTS",
            "--enable-dynamic-ports", "true", ValueParser.bool(), 1, "phase 1: dynamic worker ports in 7000-7999");
    public static final Setting<int[]> PORT_RANGE = new Setting<>("PORT_RANGE", "--port-range", "7000-7999",
            ValueParser.portRange(), 1, "phase 1: the UDP ports workers are given");
    public static final Setting<List<String>> REGIONS = new Setting<>("REGIONS", "--regions", "",
            ValueParser.names(), 1, "phase 1: the regions that share PORT_RANGE, one equal slice each");
    public static final Setting<Double> PORTS_GUARD_MAX_FAILURE_RATE = new Setting<>("PORTS_GUARD_MAX_FAILURE_RATE",
            "--ports-guard-max-failure-rate", "0.5", ValueParser.fraction(), 1,
            "phase 1 guard: fall back to the static port when more port allocations fail than this, for GUARD_WINDOW");
    public static final Setting<java.time.Duration> GUARD_WINDOW = new Setting<>("GUARD_WINDOW", "--guard-window", "60",
            ValueParser.seconds(1, 86_400), 0, "how long a phase's health metric must stay above its threshold before the guard rolls it back");
    public static final Setting<Integer> FALLBACK_STATIC_PORT = new Setting<>("FALLBACK_STATIC_PORT",
            "--fallback-static-port", "7000", ValueParser.port(), 1, "phase 1 fallback: the one static port");
    public static final Setting<Boolean> ENABLE_MULTI_LEVEL_BOOTSTRAP = new Setting<>("ENABLE_MULTI_LEVEL_BOOTSTRAP",
            "--enable-multi-level-bootstrap", "true", ValueParser.bool(), 2, "phase 2: super and regional bootstrap tiers");
    public static final Setting<List<InetSocketAddress>> FALLBACK_BOOTSTRAP_NODES = new Setting<>(
            "FALLBACK_BOOTSTRAP_NODES", "--fallback-bootstrap-nodes", "127.0.0.1:6881,127.0.0.1:6882",
            ValueParser.addresses(), 2, "phase 2 fallback: the flat bootstrap list");
    public static final Setting<Boolean> ENABLE_ADAPTIVE_KADEMLIA = new Setting<>("ENABLE_ADAPTIVE_KADEMLIA",
            "--enable-adaptive-kademlia", "true", ValueParser.bool(), 3, "phase 3: alpha, k, timeouts adapted to the network");
    public static final Setting<Integer> FALLBACK_ALPHA = new Setting<>("FALLBACK_ALPHA", "--fallback-alpha", "3",
            ValueParser.integer(1, 64), 3, "phase 3 fallback: parallel requests per lookup");
    public static final Setting<Integer> FALLBACK_K = new Setting<>("FALLBACK_K", "--fallback-k", "20",
            ValueParser.integer(1, 1000), 3, "phase 3 fallback: bucket size and lookup width");
    public static final Setting<Duration> FALLBACK_TIMEOUT = new Setting<>("FALLBACK_TIMEOUT", "--fallback-timeout",
            "5.0", ValueParser.seconds(0.05, 300), 3, "phase 3 fallback: RPC timeout in seconds");
    public static final Setting<String> KADEMLIA_POLICY = new Setting<>("KADEMLIA_POLICY", "--kademlia-policy",
            "adaptive", ValueParser.choice("adaptive", "table"), 3,
            "phase 3: adaptive (alpha from the size estimate and load, timeouts from measured round trips) or table"
                    + " (the plan's KADEMLIA_TABLE by size estimate)");
    public static final Setting<KademliaTable> KADEMLIA_TABLE = new Setting<>("KADEMLIA_TABLE", "--kademlia-table",
            KademliaTable.PLAN, ValueParser.kademliaTable(), 3,
            "phase 3: alpha, k (lookup width) and timeout by network size; adaptive takes k from it");
    public static final Setting<Duration> KADEMLIA_MIN_TIMEOUT = new Setting<>("KADEMLIA_MIN_TIMEOUT",
            "--kademlia-min-timeout", "0.25", ValueParser.seconds(0.01, 60), 3,
            "phase 3 adaptive: shortest call timeout, however fast a peer answered");
    public static final Setting<Duration> KADEMLIA_MAX_TIMEOUT = new Setting<>("KADEMLIA_MAX_TIMEOUT",
            "--kademlia-max-timeout", "10", ValueParser.seconds(0.1, 300), 3,
            "phase 3 adaptive: longest call timeout, however slow the round trips measured");
    public static final Setting<Double> ADAPTIVE_GUARD_MIN_LOOKUP_SUCCESS = new Setting<>(
            "ADAPTIVE_GUARD_MIN_LOOKUP_SUCCESS", "--adaptive-guard-min-lookup-success", "0.9", ValueParser.fraction(), 3,
            "phase 3 guard: fall back when fewer lookups than this find nodes, for GUARD_WINDOW");
    public static final Setting<Boolean> ENABLE_HEALTH_CHECK = new Setting<>("ENABLE_HEALTH_CHECK",
            "--enable-health-check", "true", ValueParser.bool(), 4, "phase 4: hierarchical health checks");
    public static final Setting<String> HEALTH_CHECK_LEVEL = new Setting<>("HEALTH_CHECK_LEVEL",
            "--health-check-level", "medium", ValueParser.choice("fast", "medium", "deep"), 4,
            "phase 4: depth of the health checks");
    public static final Setting<Duration> HEALTH_CHECK_TIMEOUT_FAST = new Setting<>("HEALTH_CHECK_TIMEOUT_FAST",
            "--health-check-timeout-fast", "2", ValueParser.seconds(0.05, 300), 4,
            "phase 4: how long a fast check (ping) may take");
    public static final Setting<Duration> HEALTH_CHECK_TIMEOUT_MEDIUM = new Setting<>("HEALTH_CHECK_TIMEOUT_MEDIUM",
            "--health-check-timeout-medium", "5", ValueParser.seconds(0.05, 300), 4,
            "phase 4: how long a medium check (ping, find_node, get) may take");
    public static final Setting<Duration> HEALTH_CHECK_TIMEOUT_DEEP = new Setting<>("HEALTH_CHECK_TIMEOUT_DEEP",
            "--health-check-timeout-deep", "15", ValueParser.seconds(0.05, 600), 4,
            "phase 4: how long a deep check (medium, put/get, announce/get_peers, id consistency) may take");
    public static final Setting<Duration> HEALTH_CHECK_INTERVAL_FAST = new Setting<>("HEALTH_CHECK_INTERVAL_FAST",
            "--health-check-interval-fast", "10", ValueParser.seconds(1, 86_400), 4,
            "phase 4: a routing entry silent this long is pinged");
    public static final Setting<Duration> HEALTH_CHECK_INTERVAL_MEDIUM = new Setting<>("HEALTH_CHECK_INTERVAL_MEDIUM",
            "--health-check-interval-medium", "120", ValueParser.seconds(1, 86_400), 4,
            "phase 4: how often each routing entry gets a medium check (level medium or deep)");
    public static final Setting<Duration> HEALTH_CHECK_INTERVAL_DEEP = new Setting<>("HEALTH_CHECK_INTERVAL_DEEP",
            "--health-check-interval-deep", "600", ValueParser.seconds(1, 86_400), 4,
            "phase 4: how often each routing entry gets a deep check (level deep)");
    public static final Setting<Integer> HEALTH_CHECK_CONCURRENCY = new Setting<>("HEALTH_CHECK_CONCURRENCY",
            "--health-check-concurrency", "64", ValueParser.integer(1, 256), 4,
            "phase 4: health checks one node runs at once");
    public static final Setting<Duration> HEALTH_SUSPICION_MIN = new Setting<>("HEALTH_SUSPICION_MIN",
            "--health-suspicion-min", "2", ValueParser.seconds(0, 3_600), 4,
            "phase 4: shortest time a peer stays suspect before it is declared dead (all probes confirm)");
    public static final Setting<Duration> HEALTH_SUSPICION_MAX = new Setting<>("HEALTH_SUSPICION_MAX",
            "--health-suspicion-max", "12", ValueParser.seconds(0, 3_600), 4,
            "phase 4: longest time a peer stays suspect (no probe confirms)");
    public static final Setting<Integer> HEALTH_INDIRECT_PROBES = new Setting<>("HEALTH_INDIRECT_PROBES",
            "--health-indirect-probes", "3", ValueParser.integer(0, 8), 4,
            "phase 4: other nodes asked to probe a suspect (cqkd_probe)");
    public static final Setting<Double> HEALTH_GUARD_MAX_DEATH_SHARE = new Setting<>("HEALTH_GUARD_MAX_DEATH_SHARE",
            "--health-guard-max-death-share", "0.5", ValueParser.fraction(), 4,
            "phase 4 guard: fall back when more checked peers than this are declared dead, for GUARD_WINDOW");
    public static final Setting<Integer> HEALTH_PROCESS_RATE = new Setting<>("HEALTH_PROCESS_RATE",
            "--health-process-rate", "2000", ValueParser.integer(10, 1_000_000), 4,
            "phase 4: health calls (checks, re-pings, probes) all nodes of a process start per second together");
    public static final Setting<Boolean> ENABLE_ADAPTIVE_REFRESH = new Setting<>("ENABLE_ADAPTIVE_REFRESH",
            "--enable-adaptive-refresh", "true", ValueParser.bool(), 5, "phase 5: adaptive, event-driven bucket refresh");
    public static final Setting<Duration> FALLBACK_REFRESH_INTERVAL = new Setting<>("FALLBACK_REFRESH_INTERVAL",
            "--fallback-refresh-interval", "300", ValueParser.seconds(1, 86_400), 5,
            "phase 5 fallback: fixed bucket refresh interval in seconds");
    public static final Setting<Duration> REFRESH_INTERVAL = new Setting<>("REFRESH_INTERVAL", "--refresh-interval",
            "300", ValueParser.seconds(1, 86_400), 5,
            "phase 5: a bucket's refresh interval while the network is at most REFRESH_MEDIUM_NETWORK nodes");
    public static final Setting<Integer> REFRESH_MEDIUM_NETWORK = new Setting<>("REFRESH_MEDIUM_NETWORK",
            "--refresh-medium-network", "200", ValueParser.integer(1, 100_000_000), 5,
            "phase 5: above this estimated size, REFRESH_INTERVAL_MEDIUM");
    public static final Setting<Duration> REFRESH_INTERVAL_MEDIUM = new Setting<>("REFRESH_INTERVAL_MEDIUM",
            "--refresh-interval-medium", "180", ValueParser.seconds(1, 86_400), 5,
            "phase 5: the refresh interval above REFRESH_MEDIUM_NETWORK nodes");
    public static final Setting<Integer> REFRESH_LARGE_NETWORK = new Setting<>("REFRESH_LARGE_NETWORK",
            "--refresh-large-network", "500", ValueParser.integer(1, 100_000_000), 5,
            "phase 5: above this estimated size, REFRESH_INTERVAL_LARGE");
    public static final Setting<Duration> REFRESH_INTERVAL_LARGE = new Setting<>("REFRESH_INTERVAL_LARGE",
            "--refresh-interval-large", "120", ValueParser.seconds(1, 86_400), 5,
            "phase 5: the refresh interval above REFRESH_LARGE_NETWORK nodes");
    public static final Setting<Double> REFRESH_UNSTABLE_BELOW = new Setting<>("REFRESH_UNSTABLE_BELOW",
            "--refresh-unstable-below", "0.5", ValueParser.fraction(), 5,
            "phase 5: a node whose stability score is below this halves its refresh interval");
    public static final Setting<Duration> REFRESH_INTERVAL_MIN = new Setting<>("REFRESH_INTERVAL_MIN",
            "--refresh-interval-min", "30", ValueParser.seconds(1, 86_400), 5,
            "phase 5: the shortest refresh interval, whatever the formula and the optimiser say");
    public static final Setting<Duration> REFRESH_INTERVAL_MAX = new Setting<>("REFRESH_INTERVAL_MAX",
            "--refresh-interval-max", "600", ValueParser.seconds(1, 86_400), 5,
            "phase 5: the longest refresh interval, whatever the formula and the optimiser say");
    public static final Setting<Double> REFRESH_TARGET_SUCCESS = new Setting<>("REFRESH_TARGET_SUCCESS",
            "--refresh-target-success", "0.9", ValueParser.fraction(), 5,
            "phase 5 optimiser: refresh more often while fewer of a node's lookups than this find their target's neighbours");
    public static final Setting<Double> REFRESH_MAX_OVERHEAD = new Setting<>("REFRESH_MAX_OVERHEAD",
            "--refresh-max-overhead", "0.2", ValueParser.fraction(), 5,
            "phase 5 optimiser: refresh less often while refresh RPCs are more than this share of all the node sends");
    public static final Setting<String> DATA_DIR = new Setting<>("DATA_DIR", "--data-dir", "", ValueParser.directory(), 5,
            "phase 5: directory where a role process saves its table and re-joins from at start; unset: nothing saved");
    public static final Setting<Integer> METRICS_PORT = new Setting<>("METRICS_PORT", "--metrics-port", "9400",
            ValueParser.port("TCP"), 0, "HTTP port of /metrics, /health and /ready");
    public static final Setting<Integer> ADMIN_PORT = new Setting<>("ADMIN_PORT", "--admin-port", "9401",
            ValueParser.port("TCP"), 0, "HTTP port of the admin endpoint (GET /flags, PUT /flags/<name>)");
    public static final Setting<String> ADMIN_BIND = new Setting<>("ADMIN_BIND", "--admin-bind", "127.0.0.1",
            ValueParser.host(), 0, "address the admin endpoint listens on: local only unless you open it");
    public static final Setting<String> ADMIN_TOKEN = new Setting<>("ADMIN_TOKEN", "--admin-token", "",
            ValueParser.token(), 0, "the token every admin change must carry (Authorization: Bearer); unset: a token file");
    public static final Setting<String> ADMIN_TOKEN_FILE = new Setting<>("ADMIN_TOKEN_FILE", "--admin-token-file", "",
            ValueParser.file("expected the path of the admin token file, or nothing"), 0,
            "file holding the admin token, made at first start; unset: DATA_DIR/admin-<port>.token, else the temp dir");
    public static final Setting<String> METRICS_BIND = new Setting<>("METRICS_BIND", "--metrics-bind", "0.0.0.0",
            ValueParser.host(), 0, "address /metrics, /health and /ready listen on (0.0.0.0: every interface)");
    public static final Setting<Integer> MAX_CONCURRENT_ROLES = new Setting<>("MAX_CONCURRENT_ROLES",
            "--max-concurrent-roles", "4", ValueParser.integer(1, 64), 0,
            "role leases a worker holds at once (never two for the same key-generation run)");
    public static final Setting<List<InetSocketAddress>> BOB_NODE = new Setting<>("BOB_NODE", "--bob-node", "",
            ValueParser.addresses(), 0, "Alice only: host:port of Bob's DHT node");
    public static final Setting<Integer> ALICE_API_PORT = new Setting<>("ALICE_API_PORT", "--alice-api-port", "8000",
            ValueParser.port("TCP"), 0, "Alice only: HTTP port of POST /generate-key and GET /network-status");
    public static final Setting<String> ALICE_API_BIND = new Setting<>("ALICE_API_BIND", "--alice-api-bind",
            "127.0.0.1", ValueParser.host(), 0, "Alice only: address the key API listens on");
    public static final Setting<String> IDENTITY_KEY_FILE = new Setting<>("IDENTITY_KEY_FILE", "--identity-key-file", "",
            ValueParser.file("expected the path of an identity key file, or nothing"), 0,
            "Alice and Bob: the Ed25519 key that signs their channel; unset: DATA_DIR/<role>.identity, made at first start");
    public static final Setting<String> ALICE_PUBLIC_KEY = new Setting<>("ALICE_PUBLIC_KEY", "--alice-public-key", "",
            ValueParser.publicKey(), 0, "Bob only: Alice's public key (64 hex digits); he answers no one else");
    public static final Setting<String> BOB_PUBLIC_KEY = new Setting<>("BOB_PUBLIC_KEY", "--bob-public-key", "",
            ValueParser.publicKey(), 0, "Alice only: Bob's public key (64 hex digits); she believes no one else");
    public static final Setting<Integer> QUERIES_PER_SOURCE = new Setting<>("QUERIES_PER_SOURCE", "--queries-per-source",
            "500", ValueParser.integer(0, 1_000_000), 0,
            "queries a second one source (an address; address and port on loopback) may send a node, twice that in a"
                    + " burst; past it they are dropped unanswered (counted); 0: no limit");
    public static final Setting<Boolean> IP_DIVERSITY = new Setting<>("IP_DIVERSITY", "--ip-diversity", "true",
            ValueParser.bool(), 0, "at most 2 routing entries per bucket and 3 per table from one /24 of public IPv4"
                    + " addresses (loopback and private ranges are never limited)");
    public static final Setting<String> NETWORK_KEY = new Setting<>("NETWORK_KEY", "--network-key", "",
            ValueParser.networkKey(), 0, "a private network's key: every datagram sealed with it; unset: an open network");
    public static final Setting<List<String>> NETWORK_KEYS_ACCEPTED = new Setting<>("NETWORK_KEYS_ACCEPTED",
            "--network-keys-accepted", "", ValueParser.networkKeys(), 0,
            "further keys whose datagrams are let in (rotation: accept the new key, make it NETWORK_KEY, drop the old)");
    public static final Setting<String> LOG_FORMAT = new Setting<>("LOG_FORMAT", "--log-format", "text",
            ValueParser.choice("text", "json"), 0, "log lines as key=value text or JSON");

    /** All settings, in the order `config --print` lists them. */
    public static final List<Setting<?>> ALL = List.of(DHT_PORT, WORKER_ID, BOOTSTRAP_NODES, BOOTSTRAP_LEVEL,
            MAX_CONNECTIONS, REGION, ENABLE_DYNAMIC_PORTS, PORT_RANGE, REGIONS, PORTS_GUARD_MAX_FAILURE_RATE, GUARD_WINDOW,
            FALLBACK_STATIC_PORT, ENABLE_MULTI_LEVEL_BOOTSTRAP,
            FALLBACK_BOOTSTRAP_NODES, ENABLE_ADAPTIVE_KADEMLIA, KADEMLIA_POLICY, KADEMLIA_TABLE, KADEMLIA_MIN_TIMEOUT,
            KADEMLIA_MAX_TIMEOUT, ADAPTIVE_GUARD_MIN_LOOKUP_SUCCESS, FALLBACK_ALPHA, FALLBACK_K, FALLBACK_TIMEOUT,
            ENABLE_HEALTH_CHECK, HEALTH_CHECK_LEVEL, HEALTH_CHECK_TIMEOUT_FAST, HEALTH_CHECK_TIMEOUT_MEDIUM,
            HEALTH_CHECK_TIMEOUT_DEEP, HEALTH_CHECK_INTERVAL_FAST, HEALTH_CHECK_INTERVAL_MEDIUM, HEALTH_CHECK_INTERVAL_DEEP,
            HEALTH_CHECK_CONCURRENCY, HEALTH_SUSPICION_MIN, HEALTH_SUSPICION_MAX, HEALTH_INDIRECT_PROBES,
            HEALTH_GUARD_MAX_DEATH_SHARE, HEALTH_PROCESS_RATE, ENABLE_ADAPTIVE_REFRESH, FALLBACK_REFRESH_INTERVAL,
            REFRESH_INTERVAL, REFRESH_MEDIUM_NETWORK, REFRESH_INTERVAL_MEDIUM, REFRESH_LARGE_NETWORK, REFRESH_INTERVAL_LARGE,
            REFRESH_UNSTABLE_BELOW, REFRESH_INTERVAL_MIN, REFRESH_INTERVAL_MAX, REFRESH_TARGET_SUCCESS, REFRESH_MAX_OVERHEAD,
            DATA_DIR, METRICS_PORT,
            ADMIN_PORT, ADMIN_BIND, ADMIN_TOKEN, ADMIN_TOKEN_FILE, METRICS_BIND, MAX_CONCURRENT_ROLES, BOB_NODE, ALICE_API_PORT, ALICE_API_BIND,
            IDENTITY_KEY_FILE, ALICE_PUBLIC_KEY, BOB_PUBLIC_KEY, QUERIES_PER_SOURCE, IP_DIVERSITY, NETWORK_KEY, NETWORK_KEYS_ACCEPTED,
            LOG_FORMAT);
}
