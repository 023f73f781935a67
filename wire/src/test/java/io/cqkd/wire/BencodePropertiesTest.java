package io.cqkd.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class BencodePropertiesTest {

    @Provide
    Arbitrary<BValue> values() {
        return BValueArbitraries.values(4);
    }

    /** Random bytes drawn mostly from bencode's own alphabet, so that a fair share of them decode. */
    @Provide
    Arbitrary<byte[]> bencodeLikeBytes() {
        Byte[] alphabet = "ilde0123456789:-".chars().mapToObj(c -> (byte) c).toArray(Byte[]::new);
        Arbitrary<Byte> bytes = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(alphabet)),
                Tuple.of(1, Arbitraries.bytes()));
        return bytes.array(byte[].class).ofMaxSize(40);
    }

    @Property
    void decodingAnEncodingGivesTheValueBack(@ForAll("values") BValue value) {
        assertThat(Bencode.decode(Bencode.encode(value))).isEqualTo(value);
    }

    @Property
    void encodedLengthMatchesTheEncoding(@ForAll("values") BValue value) {
        assertThat(Bencode.encodedLength(value)).isEqualTo(Bencode.encode(value).length);
    }

    @Property(tries = 2000)
    void anyBencodeLikeInputIsCanonicalOrRejected(@ForAll("bencodeLikeBytes") byte[] input) {
        assertCanonicalOrRejected(input);
    }

    @Property(tries = 2000)
    void anyInputIsCanonicalOrRejected(@ForAll @Size(max = 64) byte[] input) {
        assertCanonicalOrRejected(input);
    }

    @Property
    void everyProperPrefixOfAnEncodingIsRejected(@ForAll("values") BValue value, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] encoded = Bencode.encode(value);
        byte[] prefix = Arrays.copyOf(encoded, cut % encoded.length);
        // Bencode is self-delimiting: a value is complete only at its last byte.
        assertThatThrownBy(() -> Bencode.decode(prefix)).isInstanceOf(BencodeException.class);
    }

    @Property
    void aByteAppendedToAnEncodingIsTrailingData(@ForAll("values") BValue value, @ForAll byte extra) {
        byte[] encoded = Bencode.encode(value);
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        longer[encoded.length] = extra;
        assertThatThrownBy(() -> Bencode.decode(longer))
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.offset()).isEqualTo(encoded.length);
                    assertThat(e).hasMessageContaining("trailing data");
                });
    }

    @Property(tries = 2000)
    void anEncodingWithAFlippedByteIsCanonicalOrRejected(
            @ForAll("values") BValue value,
            @ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] mutated = Bencode.encode(value);
        mutated[position % mutated.length] ^= (byte) mask;
        assertCanonicalOrRejected(mutated);
    }

    @Property
    void aSliceDecodesLikeACopy(@ForAll("values") BValue value, @ForAll @IntRange(max = 8) int padding) {
        byte[] encoded = Bencode.encode(value);
        byte[] framed = new byte[encoded.length + 2 * padding];
        Arrays.fill(framed, (byte) 'x');
        System.arraycopy(encoded, 0, framed, padding, encoded.length);
        assertThat(Bencode.decode(framed, padding, encoded.length, BencodeLimits.DEFAULT)).isEqualTo(value);
    }

    /** The decoder's whole contract: a canonical value or a BencodeException inside the input. */
    private static void assertCanonicalOrRejected(byte[] input) {
        BValue decoded;
        try {
            decoded = Bencode.decode(input);
        } catch (BencodeException e) {
            assertThat(e.offset()).isBetween(0, input.length);
            return;
        }
        assertThat(Bencode.encode(decoded)).isEqualTo(input);
    }
}
