package io.cqkd.dht.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.cqkd.wire.BDict;
import io.cqkd.wire.BInt;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.Bencode;
import io.cqkd.wire.Ed25519KeyPair;
import io.cqkd.wire.MutableItems;
import io.cqkd.wire.NodeId;
import io.cqkd.wire.krpc.PutQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** BEP 44 storage rules of {@link ItemStore}, with real Ed25519 signatures and explicit times. */
class ItemStoreTest {
    private static final long TTL = 1_000_000;
    private static final long T0 = 5_000;
    private static final byte[] TOKEN = {1, 2, 3, 4, 5, 6, 7, 8};

    private final ItemStore store = new ItemStore(100, TTL);
    private final Ed25519KeyPair key = Ed25519KeyPair.fromSeed(seed(7));
    private final Ed25519KeyPair otherKey = Ed25519KeyPair.fromSeed(seed(8));

    private static byte[] seed(int b) {
        byte[] s = new byte[Ed25519KeyPair.SEED_BYTES];
        Arrays.fill(s, (byte) b);
        return s;
    }

    private PutQuery signed(Ed25519KeyPair signer, byte[] salt, long seq, BValue value, Long cas) {
        byte[] sig = signer.sign(MutableItems.signatureBuffer(salt, seq, value));
        return new PutQuery(value, TOKEN, signer.publicKey(), sig, seq, salt, cas);
    }

    private static NodeId sha1(byte[] bytes) throws Exception {
        return NodeId.of(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    private static BString stringOfEncodedLength(int encodedLength) {
        // "<digits>:<bytes>": for lengths with three digits the prefix takes four bytes.
        byte[] body = new byte[encodedLength - 4];
        Arrays.fill(body, (byte) 'x');
        BString s = BString.of(body);
        assertThat(Bencode.encode(s)).hasSize(encodedLength);
        return s;
    }

    // ---- immutable items ----------------------------------------------------------------------------

    @Test
    void anImmutableItemIsStoredUnderTheSha1OfItsBencodedValue() throws Exception {
        BValue v = BString.utf8("Hello World!");
        assertThat(store.put(PutQuery.immutable(v, TOKEN), T0)).isEqualTo(PutOutcome.STORED);

        NodeId target = sha1(Bencode.encode(v));
        assertThat(target.toHex()).as("BEP 44 test vector").isEqualTo("e5f96f6f38320f0f33959cb4d3d656452117aadb");
        StoredItem item = store.get(target, T0 + 1);
        assertThat(item).isNotNull();
        assertThat(item.value()).isEqualTo(v);
        assertThat(item.isMutable()).isFalse();
        assertThat(store.get(sha1("12:Hello World?".getBytes(StandardCharsets.US_ASCII)), T0)).isNull();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void immutableItemsOfAnyShapeAreKeyedByTheirEncoding() throws Exception {
        BValue v = BDict.builder().put("list", BList.of(new BInt(-3), BString.utf8("a"))).put("n", 42).build();
        assertThat(store.put(PutQuery.immutable(v, TOKEN), T0)).isEqualTo(PutOutcome.STORED);
        assertThat(store.get(sha1(Bencode.encode(v)), T0).value()).isEqualTo(v);
        assertThat(store.get(MutableItems.immutableTarget(v), T0).value()).isEqualTo(v);
    }

    @Test
    void aValueOfMoreThanAThousandBencodedBytesIsTooBig() {
        BString justFits = stringOfEncodedLength(1000);
        BString tooBig = stringOfEncodedLength(1001);
        assertThat(store.put(PutQuery.immutable(justFits, TOKEN), T0)).isEqualTo(PutOutcome.STORED);
        assertThat(store.put(PutQuery.immutable(tooBig, TOKEN), T0)).isEqualTo(PutOutcome.MESSAGE_TOO_BIG);
        assertThat(store.size()).isEqualTo(1);
        assertThat(PutOutcome.MESSAGE_TOO_BIG.errorCode()).isEqualTo(205);
    }

    @Test
    void aMutableValueOfMoreThanAThousandBytesIsTooBigWhateverItsSignature() {
        PutQuery put = new PutQuery(stringOfEncodedLength(1001), TOKEN, key.publicKey(), new byte[64], 1L,
                new byte[0], null);
        assertThat(store.put(put, T0)).isEqualTo(PutOutcome.MESSAGE_TOO_BIG);
        assertThat(store.size()).isZero();
    }

    // ---- mutable items ------------------------------------------------------------------------------

    @Test
    void aCorrectlySignedMutableItemIsStoredUnderItsKeyAndSalt() throws Exception {
        byte[] salt = "foobar".getBytes(StandardCharsets.US_ASCII);
        BValue v = BString.utf8("Hello World!");
        PutQuery put = signed(key, salt, 1, v, null);
        assertThat(store.put(put, T0)).isEqualTo(PutOutcome.STORED);

        byte[] keyAndSalt = new byte[32 + salt.length];
        System.arraycopy(key.publicKey(), 0, keyAndSalt, 0, 32);
        System.arraycopy(salt, 0, keyAndSalt, 32, salt.length);
        NodeId target = sha1(keyAndSalt);
        assertThat(MutableItems.mutableTarget(key.publicKey(), salt)).isEqualTo(target);

        StoredItem item = store.get(target, T0);
        assertThat(item).isNotNull();
        assertThat(item.isMutable()).isTrue();
        assertThat(item.value()).isEqualTo(v);
        assertThat(item.seq()).isEqualTo(1);
        assertThat(item.publicKey()).isEqualTo(key.publicKey());
        assertThat(item.signature()).isEqualTo(put.signature());
        assertThat(item.salt()).isEqualTo(salt);
        assertThat(store.get(MutableItems.mutableTarget(key.publicKey(), null), T0)).as("without salt: elsewhere")
                .isNull();
    }

    @Test
    void aMutableItemWithoutSaltIsStoredUnderTheHashOfItsKey() throws Exception {
        BValue v = new BInt(12);
        assertThat(store.put(signed(key, null, 0, v, null), T0)).isEqualTo(PutOutcome.STORED);
        StoredItem item = store.get(sha1(key.publicKey()), T0);
        assertThat(item).isNotNull();
        assertThat(item.value()).isEqualTo(v);
    }

    @Test
    void aWrongSignatureIsRefused() {
        byte[] salt = "s".getBytes(StandardCharsets.US_ASCII);
        BValue v = BString.utf8("v");
        PutQuery good = signed(key, salt, 3, v, null);
        NodeId target = MutableItems.mutableTarget(key.publicKey(), salt);

        byte[] flipped = good.signature().clone();
        flipped[10] ^= 0x01;
        assertThat(store.put(new PutQuery(v, TOKEN, key.publicKey(), flipped, 3L, salt, null), T0))
                .isEqualTo(PutOutcome.INVALID_SIGNATURE);
        // Signed by another key but claiming ours.
        PutQuery foreign = signed(otherKey, salt, 3, v, null);
        assertThat(store.put(new PutQuery(v, TOKEN, key.publicKey(), foreign.signature(), 3L, salt, null), T0))
                .isEqualTo(PutOutcome.INVALID_SIGNATURE);
        // A signature over another seq, value or salt.
        assertThat(store.put(new PutQuery(v, TOKEN, key.publicKey(), good.signature(), 4L, salt, null), T0))
                .isEqualTo(PutOutcome.INVALID_SIGNATURE);
        assertThat(store.put(new PutQuery(BString.utf8("w"), TOKEN, key.publicKey(), good.signature(), 3L, salt,
                null), T0)).isEqualTo(PutOutcome.INVALID_SIGNATURE);
        assertThat(store.put(new PutQuery(v, TOKEN, key.publicKey(), good.signature(), 3L,
                "t".getBytes(StandardCharsets.US_ASCII), null), T0)).isEqualTo(PutOutcome.INVALID_SIGNATURE);
        // A key that is no curve point at all, and a truncated signature.
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xFF);
        assertThat(store.put(new PutQuery(v, TOKEN, notAPoint, good.signature(), 3L, salt, null), T0))
                .isEqualTo(PutOutcome.INVALID_SIGNATURE);
        assertThat(store.put(new PutQuery(v, TOKEN, key.publicKey(), Arrays.copyOf(good.signature(), 63), 3L, salt,
                null), T0)).isEqualTo(PutOutcome.INVALID_SIGNATURE);
        assertThat(store.get(target, T0)).isNull();
        assertThat(store.size()).isZero();

        assertThat(store.put(good, T0)).isEqualTo(PutOutcome.STORED);
        assertThat(PutOutcome.INVALID_SIGNATURE.errorCode()).isEqualTo(206);
    }

    @Test
    void aSaltOfMoreThanSixtyFourBytesIsTooBig() {
        BValue v = BString.utf8("v");
        byte[] maxSalt = new byte[64];
        Arrays.fill(maxSalt, (byte) 's');
        assertThat(store.put(signed(key, maxSalt, 1, v, null), T0)).isEqualTo(PutOutcome.STORED);

        byte[] tooLong = new byte[65];
        Arrays.fill(tooLong, (byte) 's');
        // It cannot even be signed (MutableItems refuses it): any signature will do.
        PutQuery put = new PutQuery(v, TOKEN, key.publicKey(), new byte[64], 1L, tooLong, null);
        assertThat(store.put(put, T0)).isEqualTo(PutOutcome.SALT_TOO_BIG);
        assertThat(store.size()).isEqualTo(1);
        assertThat(PutOutcome.SALT_TOO_BIG.errorCode()).isEqualTo(207);
    }

    @Test
    void aLowerSequenceNumberIsRefused() {
        byte[] salt = "seq".getBytes(StandardCharsets.US_ASCII);
        NodeId target = MutableItems.mutableTarget(key.publicKey(), salt);
        assertThat(store.put(signed(key, salt, 5, BString.utf8("five"), null), T0)).isEqualTo(PutOutcome.STORED);

        assertThat(store.put(signed(key, salt, 4, BString.utf8("four"), null), T0 + 1))
                .isEqualTo(PutOutcome.SEQUENCE_TOO_LOW);
        assertThat(store.put(signed(key, salt, 5, BString.utf8("other five"), null), T0 + 2))
                .as("same seq, another value").isEqualTo(PutOutcome.SEQUENCE_TOO_LOW);
        assertThat(store.get(target, T0 + 3).value()).isEqualTo(BString.utf8("five"));

        assertThat(store.put(signed(key, salt, 5, BString.utf8("five"), null), T0 + 4))
                .as("the same item again refreshes it").isEqualTo(PutOutcome.STORED);
        assertThat(store.put(signed(key, salt, 6, BString.utf8("six"), null), T0 + 5)).isEqualTo(PutOutcome.STORED);
        assertThat(store.get(target, T0 + 6).seq()).isEqualTo(6);
        assertThat(store.get(target, T0 + 6).value()).isEqualTo(BString.utf8("six"));
        assertThat(PutOutcome.SEQUENCE_TOO_LOW.errorCode()).isEqualTo(302);
    }

    @Test
    void aCompareAndSwapMismatchIsRefused() {
        byte[] salt = new byte[0];
        NodeId target = MutableItems.mutableTarget(key.publicKey(), salt);
        assertThat(store.put(signed(key, salt, 5, BString.utf8("five"), null), T0)).isEqualTo(PutOutcome.STORED);

        assertThat(store.put(signed(key, salt, 6, BString.utf8("six"), 4L), T0 + 1))
                .isEqualTo(PutOutcome.CAS_MISMATCH);
        assertThat(store.put(signed(key, salt, 6, BString.utf8("six"), 6L), T0 + 1))
                .isEqualTo(PutOutcome.CAS_MISMATCH);
        assertThat(store.get(target, T0 + 2).seq()).isEqualTo(5);

        assertThat(store.put(signed(key, salt, 6, BString.utf8("six"), 5L), T0 + 3)).isEqualTo(PutOutcome.STORED);
        assertThat(store.get(target, T0 + 4).seq()).isEqualTo(6);
        assertThat(PutOutcome.CAS_MISMATCH.errorCode()).isEqualTo(301);
    }

    @Test
    void largeSequenceNumbersAndCasValuesCompareByValue() {
        // Outside the Long cache (-128..127): a reference comparison of boxed Longs would fail here.
        byte[] salt = new byte[0];
        assertThat(store.put(signed(key, salt, 1_000, BString.utf8("a"), null), T0)).isEqualTo(PutOutcome.STORED);
        assertThat(store.put(signed(key, salt, 1_000, BString.utf8("a"), null), T0 + 1)).isEqualTo(PutOutcome.STORED);
        assertThat(store.put(signed(key, salt, 1_001, BString.utf8("b"), Long.valueOf(1_000)), T0 + 2))
                .isEqualTo(PutOutcome.STORED);
    }

    // ---- lifetime and bounds -------------------------------------------------------------------------

    @Test
    void itemsExpireAfterTheirTimeToLive() {
        BValue v = BString.utf8("ephemeral");
        NodeId target = MutableItems.immutableTarget(v);
        store.put(PutQuery.immutable(v, TOKEN), T0);
        assertThat(store.get(target, T0 + TTL)).isNotNull();
        assertThat(store.get(target, T0 + TTL + 1)).isNull();
        assertThat(store.size()).isZero();
    }

    @Test
    void aNewPutRestartsTheTimeToLive() {
        byte[] salt = new byte[0];
        NodeId target = MutableItems.mutableTarget(key.publicKey(), salt);
        store.put(signed(key, salt, 1, BString.utf8("a"), null), T0);
        store.put(signed(key, salt, 2, BString.utf8("b"), null), T0 + TTL);
        assertThat(store.get(target, T0 + 2 * TTL)).isNotNull();
        assertThat(store.get(target, T0 + 2 * TTL + 1)).isNull();
    }

    @Test
    void anExpiredMutableItemNoLongerGuardsItsSequenceNumber() {
        byte[] salt = new byte[0];
        store.put(signed(key, salt, 9, BString.utf8("nine"), null), T0);
        assertThat(store.put(signed(key, salt, 1, BString.utf8("one"), null), T0 + TTL + 1))
                .isEqualTo(PutOutcome.STORED);
    }

    @Test
    void aFullStoreRefusesNewItemsUntilSomeExpire() {
        ItemStore small = new ItemStore(2, TTL);
        BValue a = BString.utf8("a");
        BValue b = BString.utf8("b");
        BValue c = BString.utf8("c");
        assertThat(small.put(PutQuery.immutable(a, TOKEN), T0)).isEqualTo(PutOutcome.STORED);
        assertThat(small.put(PutQuery.immutable(b, TOKEN), T0 + 10)).isEqualTo(PutOutcome.STORED);
        assertThat(small.put(PutQuery.immutable(c, TOKEN), T0 + 20)).isEqualTo(PutOutcome.STORE_FULL);
        assertThat(small.put(signed(key, null, 1, c, null), T0 + 20)).isEqualTo(PutOutcome.STORE_FULL);
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.get(MutableItems.immutableTarget(c), T0 + 20)).isNull();

        assertThat(small.put(PutQuery.immutable(a, TOKEN), T0 + 30)).as("refreshing a held item").isEqualTo(
                PutOutcome.STORED);
        // b (stored at T0 + 10) expires first; a was refreshed at T0 + 30.
        assertThat(small.put(PutQuery.immutable(c, TOKEN), T0 + 10 + TTL + 1)).isEqualTo(PutOutcome.STORED);
        assertThat(small.get(MutableItems.immutableTarget(a), T0 + 10 + TTL + 1)).isNotNull();
        assertThat(small.get(MutableItems.immutableTarget(b), T0 + 10 + TTL + 1)).isNull();
        assertThat(small.size()).isEqualTo(2);
        assertThat(PutOutcome.STORE_FULL.errorCode()).isEqualTo(202);
    }

    @Test
    void aStoreOfCapacityZeroHoldsNothing() {
        ItemStore none = new ItemStore(0, TTL);
        assertThat(none.put(PutQuery.immutable(BString.utf8("a"), TOKEN), T0)).isEqualTo(PutOutcome.STORE_FULL);
        assertThat(none.size()).isZero();
    }
}
