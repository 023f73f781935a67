package io.cqkd.keygen.channel;

import io.cqkd.wire.Ed25519KeyPair;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One end of the Alice–Bob channel: its own Ed25519 identity, with which it signs, and the other
 * end's public key, the only one whose signatures it accepts. Knowing a run's id (every worker of
 * the run does) is not knowing a private key: that is what keeps a stranger out of the channel.
 *
 * @param own this end's key pair (Alice's or Bob's identity)
 * @param peerPublicKey the other end's raw 32-byte RFC 8032 public key
 */
public record ChannelKeys(Ed25519KeyPair own, byte[] peerPublicKey) {
    public ChannelKeys {
        if (peerPublicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + peerPublicKey.length);
        }
        peerPublicKey = peerPublicKey.clone();
    }

    @Override
    public byte[] peerPublicKey() {
        return peerPublicKey.clone();
    }

    /** Fresh identities for both ends, each configured with the other's public key (the demo's wiring). */
    public static ChannelKeys[] pair(SecureRandom random) {
        Ed25519KeyPair alice = Ed25519KeyPair.generate(random);
        Ed25519KeyPair bob = Ed25519KeyPair.generate(random);
        return new ChannelKeys[] {new ChannelKeys(alice, bob.publicKey()), new ChannelKeys(bob, alice.publicKey())};
    }

    @Override
    public String toString() {
        return "ChannelKeys[own " + HexFormat.of().formatHex(own.publicKey()) + ", peer "
                + HexFormat.of().formatHex(peerPublicKey) + "]";
    }
}
