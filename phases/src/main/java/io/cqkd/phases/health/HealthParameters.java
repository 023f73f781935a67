package io.cqkd.phases.health;

import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Phase 4's settings.
 *
 * @param level the deepest level checked ({@code HEALTH_CHECK_LEVEL}); shallower levels run at their
 *     own intervals too
 * @param timeouts how long a check at each level may take ({@code HEALTH_CHECK_TIMEOUT_*}: the plan's
 *     2, 5 and 15 s). Longer: fewer slow peers failed; shorter: a dead one known sooner
 * @param intervals how long a routing entry may go without a check at each level
 *     ({@code HEALTH_CHECK_INTERVAL_*}); for the fast level, without any answer at all. A dead entry
 *     leaves the table within the fast interval + fast timeout + the suspicion; each node sends
 *     (table size / fast interval) pings a second for it
 * @param concurrency checks one node runs at once ({@code HEALTH_CHECK_CONCURRENCY}): more sweeps a
 *     large table sooner, fewer bounds the node's share of its call slots. When a fifth of 1,000
 *     nodes die at once, each holds ~30 dead entries whose checks take the fast timeout: 16 slots
 *     put removal at p50 36 s, 64 at 20 s (docs/benchmarks.md)
 * @param suspicionMin shortest suspicion, once every indirect probe confirmed ({@code HEALTH_SUSPICION_MIN})
 * @param suspicionMax longest suspicion, with no confirmation ({@code HEALTH_SUSPICION_MAX}); the
 *     suspect is pinged again all along, and one answer clears it
 * @param indirectProbes nodes asked to probe a suspect ({@code HEALTH_INDIRECT_PROBES}); 0 with no
 *     suspicion at all is the plain ping-and-evict detector
 * @param guardMaxDeathShare the guard's threshold ({@code HEALTH_GUARD_MAX_DEATH_SHARE})
 * @param processRate health calls a process's nodes may start per second together
 *     ({@code HEALTH_PROCESS_RATE}, {@link HealthBudget}): a process of n nodes with tables of T
 *     entries checks each entry at most every n · T / rate seconds. Higher finds the dead sooner in
 *     crowded processes; lower bounds the CPU a process spends on checks, and how hard a mass death
 *     hits it. 2,000 checks 200 nodes' tables within the fast interval, 1,200 nodes' within ~2 min
 */
public record HealthParameters(HealthLevel level, Map<HealthLevel, Duration> timeouts,
                               Map<HealthLevel, Duration> intervals, int concurrency, Duration suspicionMin,
                               Duration suspicionMax, int indirectProbes, double guardMaxDeathShare,
                               int processRate) {
    public HealthParameters {
        // Enum maps: read for every table entry every second, where a hashed map's lookups showed
        // as a tenth of a 1,000-node simulation's time.
        timeouts = Collections.unmodifiableMap(new EnumMap<>(timeouts));
        intervals = Collections.unmodifiableMap(new EnumMap<>(intervals));
        if (suspicionMax.compareTo(suspicionMin) < 0) {
            throw new InvalidSettingException("HEALTH_SUSPICION_MAX", suspicionMax.toMillis() / 1000.0 + "",
                    "at least HEALTH_SUSPICION_MIN (" + suspicionMin.toMillis() / 1000.0 + " s)");
        }
    }

    public static HealthParameters of(Settings s) {
        Map<HealthLevel, Duration> timeouts = new EnumMap<>(HealthLevel.class);
        timeouts.put(HealthLevel.FAST, s.get(SettingNames.HEALTH_CHECK_TIMEOUT_FAST));
        timeouts.put(HealthLevel.MEDIUM, s.get(SettingNames.HEALTH_CHECK_TIMEOUT_MEDIUM));
        timeouts.put(HealthLevel.DEEP, s.get(SettingNames.HEALTH_CHECK_TIMEOUT_DEEP));
        Map<HealthLevel, Duration> intervals = new EnumMap<>(HealthLevel.class);
        intervals.put(HealthLevel.FAST, s.get(SettingNames.HEALTH_CHECK_INTERVAL_FAST));
        intervals.put(HealthLevel.MEDIUM, s.get(SettingNames.HEALTH_CHECK_INTERVAL_MEDIUM));
        intervals.put(HealthLevel.DEEP, s.get(SettingNames.HEALTH_CHECK_INTERVAL_DEEP));
        return new HealthParameters(HealthLevel.of(s.get(SettingNames.HEALTH_CHECK_LEVEL)), timeouts, intervals,
                s.get(SettingNames.HEALTH_CHECK_CONCURRENCY), s.get(SettingNames.HEALTH_SUSPICION_MIN),
                s.get(SettingNames.HEALTH_SUSPICION_MAX), s.get(SettingNames.HEALTH_INDIRECT_PROBES),
                s.get(SettingNames.HEALTH_GUARD_MAX_DEATH_SHARE), s.get(SettingNames.HEALTH_PROCESS_RATE));
    }

    public static HealthParameters defaults() {
        return of(Settings.defaults());
    }

    /**
     * The plain detector the plan's health check is measured against: a ping at the fast interval,
     * and a peer that misses one is dead — no suspicion, no indirect probe.
     */
    public HealthParameters pingOnly() {
        return new HealthParameters(HealthLevel.FAST, timeouts, intervals, concurrency, Duration.ZERO, Duration.ZERO,
                0, guardMaxDeathShare, processRate);
    }

    public HealthParameters withLevel(HealthLevel value) {
        return new HealthParameters(value, timeouts, intervals, concurrency, suspicionMin, suspicionMax, indirectProbes,
                guardMaxDeathShare, processRate);
    }

    /** Whether a failed check is followed by a suspicion (false: the ping-only detector). */
    public boolean suspects() {
        return !suspicionMax.isZero() && !suspicionMax.isNegative();
    }

    public Duration timeout(HealthLevel l) {
        return timeouts.get(l);
    }

    public Duration interval(HealthLevel l) {
        return intervals.get(l);
    }
}
