package io.cqkd.settings;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the text of a setting into its value, or says what is allowed. Each parser's
 * {@link #allowed()} is the phrase that ends the error line.
 */
public interface ValueParser<T> {
    /** A host name or IPv4 literal, as DNS allows it. */
    Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    /** The parsed value, or null when the text is not allowed. */
    T parse(String text);

    String allowed();

    /** A parser from a function that returns null (or throws NumberFormatException) for text not allowed. */
    static <T> ValueParser<T> of(String allowed, Function<String, T> parse) {
        return new ValueParser<>() {
            @Override
            public T parse(String text) {
                try {
                    return parse.apply(text);
                } catch (NumberFormatException e) {
                    return null;
                }
            }

            @Override
            public String allowed() {
                return allowed;
            }
        };
    }

    static ValueParser<Integer> integer(int min, int max) {
        return of("expected a whole number from " + min + " to " + max, text -> {
            int v = Integer.parseInt(text.trim());
            return v >= min && v <= max ? v : null;
        });
    }

    /** A UDP port (the DHT's). */
    static ValueParser<Integer> port() {
        return port("UDP");
    }

    /** A port of {@code protocol} ("UDP" for the DHT, "TCP" for the HTTP endpoints). */
    static ValueParser<Integer> port(String protocol) {
        return of("expected a " + protocol + " port number from 1 to 65535", integer(1, 65_535)::parse);
    }

    static ValueParser<Boolean> bool() {
        return of("expected true or false (also 1/0, yes/no, on/off)", text ->
                switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on" -> true;
                    case "false", "0", "no", "off" -> false;
                    default -> null;
                });
    }

    static ValueParser<String> choice(String... options) {
        Set<String> allowed = Set.of(options);
        return of("expected one of " + String.join(", ", options), text -> {
            String v = text.trim().toLowerCase(Locale.ROOT);
            return allowed.contains(v) ? v : null;
        });
    }

    /** A decimal number within [min, max] (NaN is never within). */
    private static Double decimal(String text, double min, double max) {
        double v = Double.parseDouble(text.trim());
        return v >= min && v <= max ? v : null;
    }

    /** A duration in seconds, decimals allowed, within [min, max]. */
    static ValueParser<Duration> seconds(double min, double max) {
        return of("expected a number of seconds from " + min + " to " + max, text -> {
            Double v = decimal(text, min, max);
            return v == null ? null : Duration.ofNanos((long) (v * 1e9));
        });
    }

    /** A fraction in [0, 1]. */
    static ValueParser<Double> fraction() {
        return of("expected a fraction from 0 to 1, e.g. 0.5", text -> decimal(text, 0, 1));
    }

    /** A port range "first-last". */
    static ValueParser<int[]> portRange() {
        return of("expected first-last with 1 <= first <= last <= 65535, e.g. 7000-7999", text -> {
            String[] parts = text.trim().split("-");
            if (parts.length != 2) {
                return null;
            }
            int first = Integer.parseInt(parts[0].trim());
            int last = Integer.parseInt(parts[1].trim());
            return first >= 1 && last <= 65_535 && first <= last ? new int[] {first, last} : null;
        });
    }

    /** Text matching {@code pattern} (after trimming). */
    private static ValueParser<String> matching(Pattern pattern, String allowed) {
        return of(allowed, text -> pattern.matcher(text.trim()).matches() ? text.trim() : null);
    }

    /** A host to bind to: an IPv4 literal or a host name. */
    static ValueParser<String> host() {
        return matching(HOST, "expected an IPv4 address or host name to bind to, e.g. 127.0.0.1 or 0.0.0.0");
    }

    /** A directory path, or empty for none; no NUL, at most 4,096 characters (it is created when first used). */
    static ValueParser<String> directory() {
        return of("expected a directory path (created if missing), or nothing", text -> {
            String v = text.trim();
            return v.length() <= 4_096 && v.indexOf('\0') < 0 ? v : null;
        });
    }

    /** A file path, or empty for none; no NUL, at most 4,096 characters. */
    static ValueParser<String> file(String allowed) {
        return of(allowed, text -> {
            String v = text.trim();
            return v.length() <= 4_096 && v.indexOf('\0') < 0 ? v : null;
        });
    }

    /** A secret token: 16 to 256 printable ASCII characters without spaces, or empty for none. */
    static ValueParser<String> token() {
        return matching(Pattern.compile("([!-~]{16,256})?"),
                "expected 16 to 256 printable characters without spaces (e.g. openssl rand -hex 16), or nothing");
    }

    /** An Ed25519 public key as 64 hex digits (32 bytes), or empty for none. */
    static ValueParser<String> publicKey() {
        return matching(Pattern.compile("([0-9a-fA-F]{64})?"),
                "expected an Ed25519 public key as 64 hex digits (bin/cqkd identity prints one), or nothing");
    }

    /** A 32-byte network key as 64 hex digits, or empty for none (an open network). */
    static ValueParser<String> networkKey() {
        return matching(Pattern.compile("([0-9a-fA-F]{64})?"),
                "expected a network key as 64 hex digits (e.g. openssl rand -hex 32), or nothing");
    }

    /** Comma-separated 32-byte keys of 64 hex digits each; may be empty. */
    static ValueParser<List<String>> networkKeys() {
        Pattern key = Pattern.compile("[0-9a-fA-F]{64}");
        return of("expected comma-separated network keys of 64 hex digits each, or nothing", text -> {
            List<String> keys = new java.util.ArrayList<>();
            for (String part : text.split(",", -1)) {
                String k = part.trim();
                if (k.isEmpty() && text.isBlank()) {
                    continue;
                }
                if (!key.matcher(k).matches()) {
                    return null;
                }
                keys.add(k.toLowerCase(java.util.Locale.ROOT));
            }
            return List.copyOf(keys);
        });
    }

    /** A region name: letters, digits, '-' and '_'. */
    static ValueParser<String> name() {
        return matching(Pattern.compile("[A-Za-z0-9_-]{1,64}"), "expected 1 to 64 letters, digits, '-' or '_'");
    }

    /** Comma-separated region names; may be empty. */
    static ValueParser<List<String>> names() {
        ValueParser<String> one = name();
        return of("expected distinct comma-separated region names (letters, digits, '-', '_'), e.g. east,west",
                text -> {
                    List<String> out = new ArrayList<>();
                    if (text.isBlank()) {
                        return out;
                    }
                    for (String item : text.split(",")) {
                        String n = one.parse(item);
                        if (n == null || out.contains(n)) {
                            return null;
                        }
                        out.add(n);
                    }
                    return out;
                });
    }

    /** The plan's table of Kademlia parameters by network size (see {@link KademliaTable}). */
    static ValueParser<KademliaTable> kademliaTable() {
        return of("expected rows upTo:alpha:k:timeoutSeconds, comma-separated, sizes rising, the last upTo 'max',"
                + " alpha 1-64, k 1-1000, timeout 0.05-300, e.g. " + KademliaTable.PLAN, KademliaTable::parse);
    }

    /**
     * Comma-separated host:port addresses; may be empty. Hosts are kept unresolved: a name is looked
     * up when it is used, so a bootstrap node that is not up yet does not stop start-up.
     */
    static ValueParser<List<InetSocketAddress>> addresses() {
        ValueParser<Integer> port = port();
        return of("expected comma-separated host:port addresses (port 1 to 65535), e.g. 127.0.0.1:6881,sb-primary:6881",
                text -> {
                    List<InetSocketAddress> out = new ArrayList<>();
                    if (text.isBlank()) {
                        return out;
                    }
                    for (String item : text.split(",")) {
                        String s = item.trim();
                        int colon = s.lastIndexOf(':');
                        if (colon <= 0 || !HOST.matcher(s.substring(0, colon)).matches()) {
                            return null;
                        }
                        Integer p = port.parse(s.substring(colon + 1));
                        if (p == null) {
                            return null;
                        }
                        out.add(InetSocketAddress.createUnresolved(s.substring(0, colon), p));
                    }
                    return out;
                });
    }
}
