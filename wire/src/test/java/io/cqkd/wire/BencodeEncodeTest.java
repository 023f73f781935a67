package io.cqkd.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BencodeEncodeTest {

    private static String encodeAscii(BValue v) {
        return new String(Bencode.encode(v), StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesEachKind() {
        assertThat(encodeAscii(new BInt(0))).isEqualTo("i0e");
        assertThat(encodeAscii(new BInt(-42))).isEqualTo("i-42e");
        assertThat(encodeAscii(new BInt(Long.MIN_VALUE))).isEqualTo("i-9223372036854775808e");
        assertThat(encodeAscii(new BInt(Long.MAX_VALUE))).isEqualTo("i9223372036854775807e");
        assertThat(encodeAscii(BString.utf8(""))).isEqualTo("0:");
        assertThat(encodeAscii(BString.utf8("spam"))).isEqualTo("4:spam");
        assertThat(encodeAscii(BList.of(BString.utf8("spam"), new BInt(42)))).isEqualTo("l4:spami42ee");
        assertThat(encodeAscii(BDict.empty())).isEqualTo("de");
    }

    @Test
    void writesDictionaryKeysSortedWhateverTheInsertionOrder() {
        BDict dict = BDict.builder().put("t", "aa").put("y", "q").put("q", "ping")
                .put("a", BDict.builder().put("id", "abcdefghij0123456789").build())
                .build();
        // BEP 5's ping query, byte for byte.
        assertThat(encodeAscii(dict))
                .isEqualTo("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe");
    }

    @Test
    void sortsKeysAsUnsignedBytes() {
        BDict dict = BDict.builder()
                .put(BString.of(new byte[] {(byte) 0x80}), new BInt(1))
                .put(BString.of(new byte[] {0x7F}), new BInt(2))
                .build();
        assertThat(Bencode.encode(dict)).containsExactly('d', '1', ':', 0x7F, 'i', '2', 'e', '1', ':', 0x80, 'i', '1', 'e', 'e');
    }

    @Test
    void encodesMultiDigitStringLengths() {
        String text = "x".repeat(1234);
        assertThat(encodeAscii(BString.utf8(text))).isEqualTo("1234:" + text);
    }
}
