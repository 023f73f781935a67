package io.cqkd.wire.krpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.wire.BDict;
import io.cqkd.wire.BInt;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.Bencode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzing the KRPC codec (property-based, jqwik): whatever arrives — random bytes, KRPC-shaped
 * dictionaries with fields of the wrong type or size, valid messages with bytes flipped — decoding
 * either gives a message or throws {@link MalformedMessageException}; nothing else escapes, nothing
 * hangs. A longer run: {@code mvn -pl wire test -Dtest=KrpcCodecFuzzTest -Djqwik.tries.default=200000}.
 */
class KrpcCodecFuzzTest {
    private final KrpcCodec codec = new KrpcCodec();

    @Property
    void randomBytesDecodeOrAreMalformed(@ForAll @Size(max = 300) byte[] datagram) {
        decodeOrMalformed(datagram);
    }

    @Property
    void krpcShapedDictionariesDecodeOrAreMalformed(@ForAll("envelopes") BDict envelope) {
        decodeOrMalformed(Bencode.encode(envelope));
    }

    @Property
    void validMessagesWithAByteFlippedDecodeOrAreMalformed(@ForAll("envelopes") BDict envelope,
                                                          @ForAll int position, @ForAll byte xor) {
        byte[] datagram = Bencode.encode(envelope);
        datagram[Math.floorMod(position, datagram.length)] ^= xor;
        decodeOrMalformed(datagram);
    }

    private void decodeOrMalformed(byte[] datagram) {
        try {
            assertThat(codec.decode(datagram)).isNotNull();
        } catch (MalformedMessageException expected) {
            assertThat(expected.reason()).isNotBlank();
        }
    }

    /** Envelopes with the KRPC keys, each holding a value of a type the field expects or not. */
    @Provide
    Arbitrary<BDict> envelopes() {
        Arbitrary<BValue> anyValue = Arbitraries.oneOf(leaf(), leaf().list().ofMaxSize(4).map(l -> (BValue) new BList(l)),
                argumentDicts());
        Arbitrary<BValue> kind = Arbitraries.oneOf(Arbitraries.of("q", "r", "e", "x", "").map(s -> (BValue) BString.utf8(s)),
                anyValue);
        Arbitrary<BValue> method = Arbitraries.oneOf(Arbitraries.of("ping", "find_node", "get_peers", "announce_peer",
                "get", "put", "cqkd_role_request", "cqkd_bob_parity", "vote").map(s -> (BValue) BString.utf8(s)), anyValue);
        return Arbitraries.maps(Arbitraries.of("t", "y", "q", "a", "r", "e", "v", "ip", "ro"),
                        Arbitraries.oneOf(kind, method, anyValue, argumentDicts()))
                .ofMaxSize(7).map(entries -> {
                    BDict.Builder b = BDict.builder();
                    entries.forEach(b::put);
                    return b.build();
                });
    }

    private Arbitrary<BValue> argumentDicts() {
        return Arbitraries.maps(Arbitraries.of("id", "target", "info_hash", "token", "port", "implied_port", "k", "v",
                        "sig", "seq", "cas", "salt", "pid", "role", "lease", "op", "blocks"), leaf())
                .ofMaxSize(6).map(entries -> {
                    BDict.Builder b = BDict.builder();
                    entries.forEach(b::put);
                    return (BValue) b.build();
                });
    }

    private Arbitrary<BValue> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(n -> (BValue) new BInt(n)),
                Arbitraries.of(0, 1, 2, 19, 20, 21, 26, 32, 64).flatMap(n -> Arbitraries.bytes().array(byte[].class)
                        .ofSize(n).map(bytes -> (BValue) BString.of(bytes))),
                Arbitraries.just((BValue) new BList(List.of())));
    }
}
