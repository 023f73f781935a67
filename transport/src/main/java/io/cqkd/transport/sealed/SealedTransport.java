package io.cqkd.transport.sealed;

import io.cqkd.transport.Endpoint;
import io.cqkd.transport.EnumCounters;
import io.cqkd.transport.ForwardingEndpoint;
import io.cqkd.transport.ForwardingTransport;
import io.cqkd.transport.PacketHandler;
import io.cqkd.transport.Transport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A private network: every datagram leaves with a seal — the sending endpoint's random id, a
 * counter, the sealing key's fingerprint and a 16-byte HMAC-SHA256 tag over all of it — and arrives
 * only if the tag verifies with a key of the {@link NetworkKeyring}, the counter is within two
 * minutes of this node's clock and new from that sender (whatever address it comes from, so a copy
 * sent on by a third party is a replay too). Anything else is dropped and counted ({@link SealDrop}) before a byte of it is
 * decoded. Wraps any transport, so simulation and real sockets share it. The keyring can change
 * while the nodes run ({@link #useKeyring}).
 */
public final class SealedTransport extends ForwardingTransport {
    /** sender id (8) + counter (8) + key fingerprint (4) + tag (16) + marker (2). */
    static final int SEAL_BYTES = 38;
    /**
     * The seal's last two bytes. A KRPC datagram ends with a bencoded dictionary's 'e', never with
     * these: a datagram of the open network is told apart (and counted as unsealed) at a glance.
     */
    private static final short MARKER = (short) 0xC51D;
    /** Bytes of the seal the tag covers, after the payload. */
    private static final int SIGNED_SEAL_BYTES = 20;
    private static final int TAG_BYTES = 16;
    /** Seals older or newer than this (by the counter's clock) are refused: the replay windows' backstop. */
    private static final long MAX_AGE_MILLIS = 120_000;
    /** Counters per millisecond: a sender's counter starts at its clock × this, so a restart never goes back. */
    private static final long PER_MILLI = 1_000;

    private final LongSupplier wallMillis;
    private final java.security.SecureRandom ids = new java.security.SecureRandom();
    private final EnumCounters<SealDrop> drops = new EnumCounters<>(SealDrop.class);
    private volatile NetworkKeyring keyring;

    /** @param wallMillis the clock seals are dated by (hosts' clocks must agree within a minute or so) */
    public SealedTransport(Transport inner, NetworkKeyring keyring, LongSupplier wallMillis) {
        super(inner);
        this.keyring = keyring;
        this.wallMillis = wallMillis;
    }

    /** Seals with and accepts {@code next} from now on (each endpoint picks it up at its next datagram). */
    public void useKeyring(NetworkKeyring next) {
        this.keyring = next;
    }

    public EnumCounters<SealDrop> drops() {
        return drops;
    }

    @Override
    public CompletableFuture<Endpoint> bind(InetSocketAddress address, PacketHandler handler) {
        SealedEndpoint sealed = new SealedEndpoint(); // ready to receive before its socket is bound
        return inner.bind(address, (sender, payload, at) -> sealed.receive(sender, payload, at, handler))
                .thenApply(sealed::boundTo);
    }

    /** One endpoint's sealing state; confined to its loop. */
    private final class SealedEndpoint extends ForwardingEndpoint {
        private final long senderId = ids.nextLong();
        private final SenderWindows windows = new SenderWindows();
        private NetworkKeyring macsOf;
        private final Map<Integer, Mac> macs = new HashMap<>();
        private int sealingFingerprint;
        private long counter;

        SealedEndpoint() {
            super(null);
        }

        SealedEndpoint boundTo(Endpoint socket) {
            inner = socket;
            return this;
        }

        /** The MACs of the keyring in force, rebuilt when it changed. */
        private void refreshKeys() {
            NetworkKeyring current = keyring;
            if (current == macsOf) {
                return;
            }
            macs.clear();
            for (byte[] key : current.opening()) {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(key, "HmacSHA256"));
                    macs.putIfAbsent(NetworkKeyring.fingerprint(key), mac);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("the JDK lacks HmacSHA256", e);
                }
            }
            sealingFingerprint = NetworkKeyring.fingerprint(current.primary());
            macsOf = current;
        }

        @Override
        public void send(InetSocketAddress recipient, byte[] payload) {
            refreshKeys();
            counter = Math.max(counter + 1, wallMillis.getAsLong() * PER_MILLI);
            ByteBuffer out = ByteBuffer.allocate(payload.length + SEAL_BYTES);
            out.put(payload).putLong(senderId).putLong(counter).putInt(sealingFingerprint);
            out.put(tag(macs.get(sealingFingerprint), out.array(), payload.length + SIGNED_SEAL_BYTES)).putShort(MARKER);
            inner.send(recipient, out.array());
        }

        void receive(InetSocketAddress sender, byte[] sealed, long receivedAtNanos, PacketHandler handler) {
            refreshKeys();
            if (sealed.length <= SEAL_BYTES || ByteBuffer.wrap(sealed, sealed.length - 2, 2).getShort() != MARKER) {
                drops.increment(SealDrop.UNSEALED);
                return;
            }
            int length = sealed.length - SEAL_BYTES;
            ByteBuffer seal = ByteBuffer.wrap(sealed, length, SEAL_BYTES);
            long sealSender = seal.getLong();
            long sealCounter = seal.getLong();
            Mac mac = macs.get(seal.getInt());
            if (mac == null) {
                drops.increment(SealDrop.UNKNOWN_KEY);
                return;
            }
            byte[] expected = tag(mac, sealed, length + SIGNED_SEAL_BYTES);
            byte[] actual = new byte[TAG_BYTES];
            seal.get(actual);
            if (!MessageDigest.isEqual(expected, actual)) {
                drops.increment(SealDrop.BAD_TAG);
                return;
            }
            if (Math.abs(sealCounter / PER_MILLI - wallMillis.getAsLong()) > MAX_AGE_MILLIS) {
                drops.increment(SealDrop.STALE);
                return;
            }
            if (!windows.accept(sealSender, sealCounter)) {
                drops.increment(SealDrop.REPLAY);
                return;
            }
            byte[] payload = new byte[length];
            System.arraycopy(sealed, 0, payload, 0, length);
            handler.onPacket(sender, payload, receivedAtNanos);
        }

        private static byte[] tag(Mac mac, byte[] data, int length) {
            mac.update(data, 0, length);
            byte[] full = mac.doFinal();
            byte[] out = new byte[TAG_BYTES];
            System.arraycopy(full, 0, out, 0, TAG_BYTES);
            return out;
        }
    }
}
