package io.cqkd.keygen;

import io.cqkd.dht.rpc.RpcErrorException;
import io.cqkd.wire.BDict;
import io.cqkd.wire.BInt;
import io.cqkd.wire.BList;
import io.cqkd.wire.BString;
import io.cqkd.wire.BValue;
import io.cqkd.wire.krpc.CompactEncoding;
import io.cqkd.wire.krpc.Contact;
import io.cqkd.wire.krpc.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/** Small helpers to read and write the bencoded arguments of the CQKD queries. */
final class Messages {
    private Messages() {}

    static BList ints(List<Integer> values) {
        List<BValue> items = new ArrayList<>(values.size());
        values.forEach(v -> items.add(new BInt(v)));
        return new BList(items);
    }

    static List<Integer> ints(BDict dict, String key) {
        List<Integer> out = new ArrayList<>();
        for (BValue v : dict.requireList(key).items()) {
            if (!(v instanceof BInt i)) {
                throw new RpcErrorException(ErrorCode.PROTOCOL, key + ": expected a list of integers");
            }
            out.add((int) i.value());
        }
        return out;
    }

    static BString contact(Contact c) {
        return BString.of(CompactEncoding.encodeNodes(List.of(c)));
    }

    static Contact contact(BValue v, String field) {
        if (!(v instanceof BString s)) {
            throw new RpcErrorException(ErrorCode.PROTOCOL, field + ": expected compact node info");
        }
        List<Contact> decoded = CompactEncoding.decodeNodes(field, s.toBytes());
        if (decoded.size() != 1) {
            throw new RpcErrorException(ErrorCode.PROTOCOL, field + ": expected exactly one node");
        }
        return decoded.get(0);
    }

    /** Bits as a string of '0' and '1': compact enough, and readable in a packet capture. */
    static String bits(List<Integer> bits) {
        StringBuilder sb = new StringBuilder(bits.size());
        bits.forEach(b -> sb.append(b == 0 ? '0' : '1'));
        return sb.toString();
    }

    static List<Integer> bits(String text) {
        List<Integer> out = new ArrayList<>(text.length());
        for (char c : text.toCharArray()) {
            out.add(c == '1' ? 1 : 0);
        }
        return out;
    }

    static RpcErrorException refused(String why) {
        return new RpcErrorException(ErrorCode.GENERIC, why);
    }
}
