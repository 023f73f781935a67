package io.cqkd.app.role;

import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import io.cqkd.transport.EnumCounters;
import io.cqkd.transport.Transport;
import io.cqkd.transport.sealed.NetworkKeyring;
import io.cqkd.transport.sealed.SealDrop;
import io.cqkd.transport.sealed.SealedTransport;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A role process's network: open (Mainline-compatible) without {@code NETWORK_KEY}, else private —
 * its transport seals every datagram and drops, before decoding, whatever the keyring does not open
 * ({@code cqkd_network_dropped_total{reason}}).
 */
public final class NetworkSeal {
    private static final Logger log = LoggerFactory.getLogger(NetworkSeal.class);

    private NetworkSeal() {
    }

    /** Refuses accepted keys without a primary one: they would open nothing. */
    public static void check(Settings settings) {
        if (settings.get(SettingNames.NETWORK_KEY).isEmpty()
                && !settings.get(SettingNames.NETWORK_KEYS_ACCEPTED).isEmpty()) {
            throw new InvalidSettingException("NETWORK_KEYS_ACCEPTED", "(set)",
                    "accepted keys need NETWORK_KEY, the key this node seals with");
        }
    }

    /** {@code open} itself for an open network, else the sealing transport over it. */
    static Transport over(Transport open, Settings settings, String role, PrometheusRegistry registry) {
        check(settings);
        String primary = settings.get(SettingNames.NETWORK_KEY);
        if (primary.isEmpty()) {
            log.info("event=network-open role={}", role);
            return open;
        }
        NetworkKeyring keyring = NetworkKeyring.of(primary, settings.get(SettingNames.NETWORK_KEYS_ACCEPTED));
        SealedTransport sealed = new SealedTransport(open, keyring, System::currentTimeMillis);
        CounterWithCallback.builder().name("cqkd_network_dropped_total")
                .help("Datagrams a private network dropped before decoding: unsealed, unknown-key, bad-tag, stale, replay")
                .labelNames("role", "reason")
                .callback(cb -> {
                    for (SealDrop r : SealDrop.values()) {
                        cb.call(sealed.drops().count(r), role, EnumCounters.label(r));
                    }
                })
                .register(registry);
        log.info("event=network-private role={} keys={}", role, 1 + keyring.accepted().size());
        return sealed;
    }
}
