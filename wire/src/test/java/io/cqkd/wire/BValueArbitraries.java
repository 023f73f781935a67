package io.cqkd.wire;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/** Generators of bencode values for property tests, bounded in depth and breadth. */
final class BValueArbitraries {

    private BValueArbitraries() {
    }

    /** Values nested at most {@code maxDepth} containers deep, each with at most 5 entries. */
    static Arbitrary<BValue> values(int maxDepth) {
        if (maxDepth == 0) {
            return leaves();
        }
        Arbitrary<BValue> inner = Arbitraries.lazy(() -> values(maxDepth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaves()),
                Tuple.of(1, inner.list().ofMaxSize(5).map(BList::new)),
                Tuple.of(1, Arbitraries.maps(byteStrings(), inner).ofMaxSize(5).map(BValueArbitraries::dictOf)));
    }

    static Arbitrary<BValue> leaves() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(BInt::new),
                byteStrings().map(s -> s));
    }

    /** Short strings, biased toward shared prefixes and high bytes, where key ordering bugs hide. */
    static Arbitrary<BString> byteStrings() {
        Arbitrary<Byte> bytes = Arbitraries.oneOf(
                Arbitraries.bytes(),
                Arbitraries.of((byte) 'a', (byte) 'b', (byte) 0x00, (byte) 0x7F, (byte) 0x80, (byte) 0xFF));
        return bytes.array(byte[].class).ofMaxSize(12).map(BString::of);
    }

    private static BValue dictOf(Map<BString, BValue> entries) {
        BDict.Builder builder = BDict.builder();
        entries.forEach(builder::put);
        return builder.build();
    }
}
