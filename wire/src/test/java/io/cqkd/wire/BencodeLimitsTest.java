package io.cqkd.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bounds that keep a hostile datagram from costing unbounded stack, heap or time. */
class BencodeLimitsTest {

    private static final BencodeLimits ROOMY_BYTES = new BencodeLimits(32, 1_000_000, 10_000);

    @Test
    void thirtyTwoNestedListsAreAcceptedByDefault() {
        byte[] input = ("l".repeat(32) + "e".repeat(32)).getBytes(StandardCharsets.US_ASCII);
        assertThat(Bencode.encode(Bencode.decode(input))).isEqualTo(input);
    }

    @Test
    void aThirtyThirdNestedContainerIsRejectedWhereItOpens() {
        byte[] input = ("l".repeat(32) + "de" + "e".repeat(32)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Bencode.decode(input))
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.offset()).isEqualTo(32);
                    assertThat(e).hasMessage("at byte 32: nesting deeper than 32");
                });
    }

    @Test
    void aDepthBombFailsQuicklyWithoutOverflowingTheStack() {
        byte[] bomb = "l".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        assertTimeout(Duration.ofSeconds(1), () -> {
            // Within the default byte limit, the bomb is too big; with room for it, too deep.
            assertThatThrownBy(() -> Bencode.decode(bomb))
                    .hasMessage("at byte 65536: input of 100000 bytes exceeds the limit of 65536");
            assertThatThrownBy(() -> Bencode.decode(bomb, 0, bomb.length, ROOMY_BYTES))
                    .hasMessage("at byte 32: nesting deeper than 32");
        });
    }

    @Test
    void aHugeDeclaredLengthFailsQuicklyWithoutAllocating() {
        byte[] input = "99999999999:x".getBytes(StandardCharsets.US_ASCII);
        assertTimeout(Duration.ofSeconds(1), () ->
                assertThatThrownBy(() -> Bencode.decode(input))
                        .isInstanceOfSatisfying(BencodeException.class, e -> {
                            assertThat(e.offset()).isEqualTo(0);
                            assertThat(e).hasMessage("at byte 0: string length 99999999999 runs past the end of input");
                        }));
    }

    @Test
    void aLengthBeyondAnyLongIsStillJustTooLong() {
        byte[] input = ("9".repeat(40) + ":x").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Bencode.decode(input))
                .hasMessage("at byte 0: string length " + "9".repeat(20) + " runs past the end of input");
    }

    @Test
    void inputLongerThanMaxBytesIsRejectedBeforeDecoding() {
        BencodeLimits fourBytes = new BencodeLimits(32, 4, 100);
        byte[] input = "5:abcde".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Bencode.decode(input, 0, input.length, fourBytes))
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.offset()).isEqualTo(4);
                    assertThat(e).hasMessage("at byte 4: input of 7 bytes exceeds the limit of 4");
                });
        byte[] fits = "2:ab".getBytes(StandardCharsets.US_ASCII);
        assertThat(Bencode.decode(fits, 0, fits.length, fourBytes)).isEqualTo(BString.utf8("ab"));
    }

    @Test
    void valuesBeyondMaxItemsAreRejectedAtTheFirstExtraOne() {
        BencodeLimits threeItems = new BencodeLimits(32, 1000, 3);
        byte[] input = "li1ei2ei3ee".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Bencode.decode(input, 0, input.length, threeItems))
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.offset()).isEqualTo(7);
                    assertThat(e).hasMessage("at byte 7: more than 3 values");
                });
        byte[] fits = "li1ei2ee".getBytes(StandardCharsets.US_ASCII);
        assertThat(Bencode.decode(fits, 0, fits.length, threeItems)).isEqualTo(BList.of(new BInt(1), new BInt(2)));
    }

    @Test
    void dictionaryKeysCountAsValues() {
        BencodeLimits twoItems = new BencodeLimits(32, 1000, 2);
        byte[] input = "d1:ai1ee".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Bencode.decode(input, 0, input.length, twoItems))
                .hasMessage("at byte 4: more than 2 values");
    }

    @Test
    void manyEmptyListsAreBoundedByMaxItems() {
        // 30000 "le" pairs fit in 64 KiB but would each allocate a list.
        byte[] input = ("l" + "le".repeat(30_000) + "e").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Bencode.decode(input)).hasMessage("at byte 19999: more than 10000 values");
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new BencodeLimits(0, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BencodeLimits(BencodeLimits.DEPTH_CEILING + 1, 10, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BencodeLimits(1, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BencodeLimits(1, 10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BencodeLimits.DEFAULT).isEqualTo(new BencodeLimits(32, 65536, 10_000));
    }
}
