package io.cqkd.settings;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings keep host names unresolved (a name may resolve later, or to a new address after a
 * restart): these look them up at the moment they are used.
 */
public final class Addresses {
    private Addresses() {}

    /** {@code address} looked up now; unresolved if the name does not resolve. */
    public static InetSocketAddress resolve(InetSocketAddress address) {
        return new InetSocketAddress(address.getHostString(), address.getPort());
    }

    /** The addresses whose host names resolve now; the others are left out. */
    public static List<InetSocketAddress> resolveAll(List<InetSocketAddress> addresses) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            InetSocketAddress resolved = resolve(a);
            if (!resolved.isUnresolved()) {
                out.add(resolved);
            }
        }
        return out;
    }
}
