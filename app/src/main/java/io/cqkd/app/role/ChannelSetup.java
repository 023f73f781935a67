package io.cqkd.app.role;

import io.cqkd.keygen.channel.AuthenticatedChannel;
import io.cqkd.keygen.channel.ChannelKeys;
import io.cqkd.keygen.channel.ChannelRefusal;
import io.cqkd.transport.EnumCounters;
import io.cqkd.phases.ProcessRole;
import io.cqkd.settings.InvalidSettingException;
import io.cqkd.settings.Setting;
import io.cqkd.settings.SettingNames;
import io.cqkd.settings.Settings;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alice's or Bob's end of their authenticated channel, from the settings: the identity key (the
 * file {@code IDENTITY_KEY_FILE}, else {@code DATA_DIR/<role>.identity}, made at first start) and
 * the other end's public key. Either missing is one clear line at start, never a channel anyone
 * could speak on. The refusals are counted in {@code cqkd_channel_refused_total}.
 */
final class ChannelSetup {
    private static final Logger log = LoggerFactory.getLogger(ChannelSetup.class);

    private ChannelSetup() {
    }

    static AuthenticatedChannel open(ProcessRole role, Settings settings, PrometheusRegistry registry) {
        Setting<String> peerSetting = role == ProcessRole.ALICE ? SettingNames.BOB_PUBLIC_KEY
                : SettingNames.ALICE_PUBLIC_KEY;
        String peer = settings.get(peerSetting);
        if (peer.isEmpty()) {
            throw new InvalidSettingException(peerSetting.env(), "", (role == ProcessRole.ALICE
                    ? "Alice needs Bob's public key" : "Bob needs Alice's public key")
                    + ", 64 hex digits (bin/cqkd identity FILE prints the key of an identity file)");
        }
        Path file = identityFile(role, settings);
        IdentityFile.Loaded identity;
        try {
            identity = IdentityFile.loadOrCreate(file, new SecureRandom());
        } catch (IOException e) {
            throw new InvalidSettingException(SettingNames.IDENTITY_KEY_FILE.env(), file.toString(), String.valueOf(
                    e.getMessage()));
        }
        log.info("event=identity role={} public_key={} file={} created={} peer_public_key={}", role.label(),
                HexFormat.of().formatHex(identity.keys().publicKey()), file, identity.created(), peer.toLowerCase());
        EnumCounters<ChannelRefusal> refusals = new EnumCounters<>(ChannelRefusal.class);
        CounterWithCallback.builder().name("cqkd_channel_refused_total")
                .help("Messages of the Alice-Bob channel refused: unsigned, bad-signature, replay, mismatch")
                .labelNames("role", "reason")
                .callback(cb -> {
                    for (ChannelRefusal r : ChannelRefusal.values()) {
                        cb.call(refusals.count(r), role.label(), EnumCounters.label(r));
                    }
                })
                .register(registry);
        AuthenticatedChannel channel = new AuthenticatedChannel(new ChannelKeys(identity.keys(),
                HexFormat.of().parseHex(peer)), refusals);
        channel.warmUp();
        return channel;
    }

    private static Path identityFile(ProcessRole role, Settings settings) {
        String file = settings.get(SettingNames.IDENTITY_KEY_FILE);
        if (!file.isEmpty()) {
            return Path.of(file);
        }
        String dataDir = settings.get(SettingNames.DATA_DIR);
        if (dataDir.isEmpty()) {
            throw new InvalidSettingException(SettingNames.IDENTITY_KEY_FILE.env(), "", role.label()
                    + " needs an identity key: set IDENTITY_KEY_FILE (bin/cqkd identity FILE makes one), or DATA_DIR");
        }
        return Path.of(dataDir, role.label() + ".identity");
    }
}
