package io.cqkd.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BValueTest {

    @Test
    void byteStringsCopyOnTheWayInAndOut() {
        byte[] source = {1, 2, 3};
        BString s = BString.of(source);
        source[0] = 9;
        assertThat(s.byteAt(0)).isEqualTo((byte) 1);
        s.toBytes()[1] = 9;
        assertThat(s.contentEquals(new byte[] {1, 2, 3})).isTrue();
        assertThat(s.length()).isEqualTo(3);
    }

    @Test
    void byteStringsCompareByContent() {
        assertThat(BString.utf8("abc")).isEqualTo(BString.of("abc".getBytes(StandardCharsets.US_ASCII)))
                .hasSameHashCodeAs(BString.of("abc".getBytes(StandardCharsets.US_ASCII)))
                .isNotEqualTo(BString.utf8("abd"));
    }

    @Test
    void byteStringsOrderAsUnsignedBytes() {
        BString high = BString.of(new byte[] {(byte) 0x80});
        BString low = BString.of(new byte[] {0x7F});
        assertThat(low.compareTo(high)).isNegative();
        assertThat(BString.utf8("a").compareTo(BString.utf8("ab"))).isNegative();
        assertThat(BString.utf8("b").compareTo(BString.utf8("ab"))).isPositive();
    }

    @Test
    void byteStringsShowTextOrHex() {
        assertThat(BString.utf8("get_peers")).hasToString("get_peers");
        assertThat(BString.of(new byte[] {0x00, (byte) 0xAB})).hasToString("0x00ab");
        assertThat(BString.utf8("héllo").asUtf8()).isEqualTo("héllo");
    }

    @Test
    void listsAreImmutableCopies() {
        List<BValue> items = new ArrayList<>(List.of(new BInt(1)));
        BList list = new BList(items);
        items.add(new BInt(2));
        assertThat(list.items()).containsExactly(new BInt(1));
        assertThatThrownBy(() -> list.items().add(new BInt(3))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(list).isEqualTo(BList.of(new BInt(1))).hasSameHashCodeAs(BList.of(new BInt(1)));
    }

    @Test
    void dictionariesIterateInKeyOrderAndLaterPutsReplace() {
        BDict dict = BDict.builder().put("b", 2).put("a", 1).put("c", "x").put("b", 3).build();
        assertThat(dict.size()).isEqualTo(3);
        assertThat(dict.keys()).containsExactly(BString.utf8("a"), BString.utf8("b"), BString.utf8("c"));
        assertThat(dict.entries()).containsExactly(
                Map.entry(BString.utf8("a"), new BInt(1)),
                Map.entry(BString.utf8("b"), new BInt(3)),
                Map.entry(BString.utf8("c"), BString.utf8("x")));
        assertThat(dict.keys()).contains(BString.utf8("c")).doesNotContain(BString.utf8("d"));
    }

    @Test
    void dictionariesCompareByContent() {
        BDict one = BDict.builder().put("a", 1).put("b", new byte[] {1}).build();
        BDict same = BDict.builder().put("b", new byte[] {1}).put("a", 1).build();
        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(one).isNotEqualTo(BDict.builder().put("a", 1).build());
    }

    @Test
    void lookUpByNameFindsAsciiAndNonAsciiKeys() {
        BDict dict = BDict.builder().put("id", 1).put("info_hash", 2).put("ключ", 3).put("a", 4).put("z", 5).build();
        assertThat(dict.get("id")).isEqualTo(new BInt(1));
        assertThat(dict.get("info_hash")).isEqualTo(new BInt(2));
        assertThat(dict.get("ключ")).isEqualTo(new BInt(3));
        assertThat(dict.get(BString.utf8("z"))).isEqualTo(new BInt(5));
        assertThat(dict.has("a")).isTrue();
        assertThat(dict.get("i")).isNull();
        assertThat(dict.get("idx")).isNull();
        assertThat(dict.has("ключи")).isFalse();
    }

    @Test
    void typedAccessorsReturnPresentValuesOfTheRightType() {
        BDict inner = BDict.builder().put("x", 1).build();
        BDict dict = BDict.builder()
                .put("id", new byte[20]).put("n", 7).put("d", inner).put("l", BList.of()).put("s", "text").build();
        assertThat(dict.requireBytes("id", 20)).hasSize(20);
        assertThat(dict.requireInt("n")).isEqualTo(7);
        assertThat(dict.requireDict("d")).isEqualTo(inner);
        assertThat(dict.requireList("l")).isEqualTo(BList.of());
        assertThat(dict.requireString("s").asUtf8()).isEqualTo("text");
        assertThat(dict.optionalInt("n")).isEqualTo(7L);
        assertThat(dict.optionalString("s")).isEqualTo(BString.utf8("text"));
        assertThat(dict.optionalDict("d")).isEqualTo(inner);
        assertThat(dict.optionalList("l")).isEqualTo(BList.of());
        assertThat(dict.optionalInt("absent")).isNull();
        assertThat(dict.optionalString("absent")).isNull();
        assertThat(dict.optionalDict("absent")).isNull();
        assertThat(dict.optionalList("absent")).isNull();
    }

    @Test
    void typedAccessorsNameTheFieldThatBreaksTheSchema() {
        BDict dict = BDict.builder().put("id", new byte[19]).put("n", 7).put("s", "text").build();
        assertField(() -> dict.requireBytes("id", 20), "id", "field 'id': expected a byte string of 20 bytes, got 19");
        assertField(() -> dict.requireInt("missing"), "missing", "field 'missing': missing");
        assertField(() -> dict.requireInt("s"), "s", "field 's': expected an integer, got a byte string");
        assertField(() -> dict.requireString("n"), "n", "field 'n': expected a byte string, got an integer");
        assertField(() -> dict.requireDict("n"), "n", "field 'n': expected a dictionary, got an integer");
        assertField(() -> dict.requireList("s"), "s", "field 's': expected a list, got a byte string");
        assertField(() -> dict.optionalInt("s"), "s", "field 's': expected an integer, got a byte string");
        assertField(() -> dict.optionalString("n"), "n", "field 'n': expected a byte string, got an integer");
        assertField(() -> dict.optionalDict("s"), "s", "field 's': expected a dictionary, got a byte string");
        assertField(() -> dict.optionalList("n"), "n", "field 'n': expected a list, got an integer");
    }

    @Test
    void theBuilderRefusesNulls() {
        assertThatThrownBy(() -> BDict.builder().put("a", (BValue) null)).isInstanceOf(NullPointerException.class);
    }

    private static void assertField(Runnable access, String field, String message) {
        assertThatThrownBy(access::run)
                .isInstanceOfSatisfying(MalformedFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e).hasMessage(message).isInstanceOf(WireException.class);
                });
    }
}
