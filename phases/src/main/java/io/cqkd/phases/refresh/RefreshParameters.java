package io.cqkd.phases.refresh;

import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Phase 5's settings. The interval formula is the plan's: {@code interval} up to
 * {@code mediumNetwork} nodes, {@code mediumInterval} above it, {@code largeInterval} above
 * {@code largeNetwork}; halved while the node's stability score is below {@code unstableBelow};
 * times the optimiser's factor; never outside [{@code min}, {@code max}].
 *
 * @param interval a small network changes little: one refresh of a quiet bucket per 5 minutes
 * @param mediumNetwork above this estimated size, tables go stale sooner (the plan saw them stale past ~800 nodes)
 * @param mediumInterval the interval above {@code mediumNetwork}
 * @param largeNetwork above this estimated size, {@code largeInterval}
 * @param largeInterval shorter: more nodes, more of them leaving per minute, more buckets to keep
 * @param unstableBelow a node whose score is below this halves its interval: fresher tables while
 *     the network churns, at twice the refresh traffic
 * @param min no bucket is refreshed more often than this, whatever churns: bounds the traffic
 * @param max no quiet bucket waits longer than this
 * @param targetSuccess the optimiser refreshes more often while fewer lookups than this find nodes
 * @param maxOverhead the optimiser refreshes less often while refresh RPCs are more than this share
 *     of all the node sends
 * @param dataDir where the process saves its table; empty: nothing saved
 */
public record RefreshParameters(Duration interval, int mediumNetwork, Duration mediumInterval, int largeNetwork,
                                Duration largeInterval, double unstableBelow, Duration min, Duration max,
                                double targetSuccess, double maxOverhead, Optional<Path> dataDir) {
    public RefreshParameters {
        if (max.compareTo(min) < 0) {
            throw new InvalidSettingException("REFRESH_INTERVAL_MAX", seconds(max),
                    "at least REFRESH_INTERVAL_MIN (" + seconds(min) + " s)");
        }
        if (largeNetwork <= mediumNetwork) {
            throw new InvalidSettingException("REFRESH_LARGE_NETWORK", Integer.toString(largeNetwork),
                    "more than REFRESH_MEDIUM_NETWORK (" + mediumNetwork + ")");
        }
    }

    public static RefreshParameters of(Settings s) {
        String dir = s.get(SettingNames.DATA_DIR);
        return new RefreshParameters(s.get(SettingNames.REFRESH_INTERVAL), s.get(SettingNames.REFRESH_MEDIUM_NETWORK),
                s.get(SettingNames.REFRESH_INTERVAL_MEDIUM), s.get(SettingNames.REFRESH_LARGE_NETWORK),
                s.get(SettingNames.REFRESH_INTERVAL_LARGE), s.get(SettingNames.REFRESH_UNSTABLE_BELOW),
                s.get(SettingNames.REFRESH_INTERVAL_MIN), s.get(SettingNames.REFRESH_INTERVAL_MAX),
                s.get(SettingNames.REFRESH_TARGET_SUCCESS), s.get(SettingNames.REFRESH_MAX_OVERHEAD),
                dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir)));
    }

    /** The plan's defaults, nothing saved: for simulations and tests. */
    public static RefreshParameters defaults() {
        return new RefreshParameters(Duration.ofSeconds(300), 200, Duration.ofSeconds(180), 500,
                Duration.ofSeconds(120), 0.5, Duration.ofSeconds(30), Duration.ofSeconds(600), 0.9, 0.2,
                Optional.empty());
    }

    /** The interval for a node that estimates {@code size} nodes, scores {@code stability}, and whose optimiser says {@code factor}. */
    public Duration intervalFor(long size, double stability, double factor) {
        Duration base = size > largeNetwork ? largeInterval : size > mediumNetwork ? mediumInterval : interval;
        double nanos = base.toNanos() * (stability < unstableBelow ? 0.5 : 1.0) * factor;
        long clamped = (long) Math.min(max.toNanos(), Math.max(min.toNanos(), nanos));
        return Duration.ofNanos(clamped);
    }

    private static String seconds(Duration d) {
        return Double.toString(d.toMillis() / 1000.0);
    }
}
