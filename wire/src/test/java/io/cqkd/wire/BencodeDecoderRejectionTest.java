package io.cqkd.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each strictness rule of the decoder, with the exact offset and message it reports. */
class BencodeDecoderRejectionTest {

    @ParameterizedTest(name = "{0} -> at byte {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                       | 0  | unexpected end of input
            i03e                     | 1  | leading zero in integer
            i00e                     | 1  | leading zero in integer
            i-03e                    | 2  | leading zero in integer
            i-0e                     | 2  | negative zero in integer
            ie                       | 1  | empty integer
            i-e                      | 2  | no digits after '-' in integer
            i1x2e                    | 2  | unexpected byte 'x' (0x78) in integer, expected a digit or 'e'
            i+1e                     | 1  | unexpected byte '+' (0x2b) in integer, expected a digit or 'e'
            i12                      | 3  | unexpected end of input in integer
            i                        | 1  | unexpected end of input in integer
            i9223372036854775808e    | 19 | integer out of the 64-bit range
            i-9223372036854775809e   | 20 | integer out of the 64-bit range
            i99999999999999999999e   | 19 | integer out of the 64-bit range
            03:abc                   | 0  | leading zero in string length
            00:                      | 0  | leading zero in string length
            -3:abc                   | 0  | negative string length
            :abc                     | 0  | missing string length
            5:abc                    | 0  | string length 5 runs past the end of input
            3:ab                     | 0  | string length 3 runs past the end of input
            3x:abc                   | 1  | unexpected byte 'x' (0x78) in string length, expected a digit or ':'
            x                        | 0  | unexpected byte 'x' (0x78), expected 'i', 'l', 'd' or a digit
            e                        | 0  | unexpected byte 'e' (0x65), expected 'i', 'l', 'd' or a digit
            i1ei2e                   | 3  | trailing data after the top-level value
            lee                      | 2  | trailing data after the top-level value
            l                        | 1  | unexpected end of input in list opened at byte 0
            li1e                     | 4  | unexpected end of input in list opened at byte 0
            lld                      | 3  | unexpected end of input in dictionary opened at byte 2
            di1ei2ee                 | 1  | dictionary key is not a byte string (starts with byte 'i' (0x69))
            dlei1ee                  | 1  | dictionary key is not a byte string (starts with byte 'l' (0x6c))
            d1:ai1e1:ai2ee           | 7  | duplicate dictionary key 'a'
            d1:bi1e1:ai2ee           | 7  | dictionary key 'a' is not after 'b' (keys must be sorted)
            d2:abi1e1:ai2ee          | 8  | dictionary key 'a' is not after 'ab' (keys must be sorted)
            d1:ae                    | 4  | dictionary key 'a' has no value
            d1:a                     | 4  | unexpected end of input
            """)
    void rejects(String input, int offset, String message) {
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Bencode.decode(bytes))
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e).hasMessage("at byte " + offset + ": " + message);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "i0e", "i-1e", "i9223372036854775807e", "i-9223372036854775808e", "0:", "10:0123456789",
        "le", "de", "d0:i1ee", "d1:ai1e2:aai2e1:bi3ee", "lli1eeld1:x0:eee"})
    void acceptsCanonicalEncodingsAndReEncodesThemIdentically(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        assertThat(Bencode.encode(Bencode.decode(bytes))).isEqualTo(bytes);
    }

    @Test
    void integersAtTheEndsOfTheLongRangeDecodeExactly() {
        assertThat(Bencode.decode("i9223372036854775807e".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(new BInt(Long.MAX_VALUE));
        assertThat(Bencode.decode("i-9223372036854775808e".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(new BInt(Long.MIN_VALUE));
    }

    @Test
    void dictionaryKeysAreOrderedAsUnsignedBytes() {
        // 0x80 sorts after 0x7f unsigned, but before it as a signed Java byte.
        byte[] ascending = HexFormat.of().parseHex("64" + "313a7f" + "693165" + "313a80" + "693265" + "65");
        byte[] descending = HexFormat.of().parseHex("64" + "313a80" + "693265" + "313a7f" + "693165" + "65");

        assertThat(Bencode.encode(Bencode.decode(ascending))).isEqualTo(ascending);
        assertThatThrownBy(() -> Bencode.decode(descending))
                .isInstanceOfSatisfying(BencodeException.class, e -> {
                    assertThat(e.offset()).isEqualTo(7);
                    assertThat(e).hasMessage("at byte 7: dictionary key '0x7f' is not after '0x80' (keys must be sorted)");
                });
    }

    @Test
    void aNonPrintableByteIsShownInHex() {
        assertThatThrownBy(() -> Bencode.decode(new byte[] {(byte) 0xFF}))
                .hasMessage("at byte 0: unexpected byte 0xff, expected 'i', 'l', 'd' or a digit");
    }

    @Test
    void offsetsCountFromTheStartOfTheDecodedSlice() {
        byte[] framed = "xxxi03eyy".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Bencode.decode(framed, 3, 4, BencodeLimits.DEFAULT))
                .isInstanceOfSatisfying(BencodeException.class, e -> assertThat(e.offset()).isEqualTo(1));
    }

    @Test
    void bytesOutsideTheSliceAreIgnored() {
        byte[] framed = "4:spami42e".getBytes(StandardCharsets.US_ASCII);
        assertThat(Bencode.decode(framed, 6, 4, BencodeLimits.DEFAULT)).isEqualTo(new BInt(42));
        // Cut inside the string: the length must not be believed past the slice's end.
        assertThatThrownBy(() -> Bencode.decode(framed, 0, 5, BencodeLimits.DEFAULT))
                .hasMessage("at byte 0: string length 4 runs past the end of input");
    }

    @Test
    void aKeyQuotedInAMessageIsCutShort() {
        String longKey = "k".repeat(100);
        byte[] input = ("d100:" + longKey + "i1e100:" + longKey + "i2ee").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Bencode.decode(input))
                .hasMessage("at byte 108: duplicate dictionary key '" + "k".repeat(40) + "...'");
    }
}
