package io.cqkd.settings;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the text of a setting into its value, or says what is allowed. Each parser's
 * {@link #allowed()} is the phrase that ends the error line.
 */
public interface ValueParser<T> {
    /** The parsed value, or null when the text is not allowed. */
    T parse(String text);

    String allowed();

    static ValueParser<Integer> integer(int min, int max) {
        return new ValueParser<>() {
            public Integer parse(String text) {
                try {
                    int v = Integer.parseInt(text.trim());
                    return v >= min && v <= max ? v : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }

            public String allowed() {
                return "expected a whole number from " + min + " to " + max;
            }
        };
    }

    static ValueParser<Integer> port() {
        ValueParser<Integer> range = integer(1, 65_535);
        return new ValueParser<>() {
            public Integer parse(String text) {
                return range.parse(text);
            }

            public String allowed() {
                return "expected a UDP port number from 1 to 65535";
            }
        };
    }

    static ValueParser<Boolean> bool() {
        return new ValueParser<>() {
            public Boolean parse(String text) {
                return switch (text.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on" -> true;
                    case "false", "0", "no", "off" -> false;
                    default -> null;
                };
            }

            public String allowed() {
                return "expected true or false (also 1/0, yes/no, on/off)";
            }
        };
    }

    static ValueParser<String> choice(String... options) {
        Set<String> allowed = Set.of(options);
        return new ValueParser<>() {
            public String parse(String text) {
                String v = text.trim().toLowerCase(Locale.ROOT);
                return allowed.contains(v) ? v : null;
            }

            public String allowed() {
                return "expected one of " + String.join(", ", options);
            }
        };
    }

    /** A duration in seconds, decimals allowed, within [min, max]. */
    static ValueParser<Duration> seconds(double min, double max) {
        return new ValueParser<>() {
            public Duration parse(String text) {
                try {
                    double v = Double.parseDouble(text.trim());
                    return v >= min && v <= max && !Double.isNaN(v) ? Duration.ofNanos((long) (v * 1e9)) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }

            public String allowed() {
                return "expected a number of seconds from " + min + " to " + max;
            }
        };
    }

    /** A fraction in [0, 1]. */
    static ValueParser<Double> fraction() {
        return new ValueParser<>() {
            public Double parse(String text) {
                try {
                    double v = Double.parseDouble(text.trim());
                    return v >= 0 && v <= 1 ? v : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }

            public String allowed() {
                return "expected a fraction from 0 to 1, e.g. 0.5";
            }
        };
    }

    /** A port range "first-last". */
    static ValueParser<int[]> portRange() {
        return new ValueParser<>() {
            public int[] parse(String text) {
                String[] parts = text.trim().split("-");
                if (parts.length != 2) {
                    return null;
                }
                try {
                    int first = Integer.parseInt(parts[0].trim());
                    int last = Integer.parseInt(parts[1].trim());
                    return first >= 1 && last <= 65_535 && first <= last ? new int[] {first, last} : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }

            public String allowed() {
                return "expected first-last with 1 <= first <= last <= 65535, e.g. 7000-7999";
            }
        };
    }

    /** Comma-separated region names; may be empty. */
    static ValueParser<List<String>> names() {
        ValueParser<String> one = name();
        return new ValueParser<>() {
            public List<String> parse(String text) {
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
            }

            public String allowed() {
                return "expected distinct comma-separated region names (letters, digits, '-', '_'), e.g. east,west";
            }
        };
    }

    /** A host to bind to: an IPv4 literal or a host name. */
    static ValueParser<String> host() {
        Pattern valid = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
        return new ValueParser<>() {
            public String parse(String text) {
                return valid.matcher(text.trim()).matches() ? text.trim() : null;
            }

            public String allowed() {
                return "expected an IPv4 address or host name to bind to, e.g. 127.0.0.1 or 0.0.0.0";
            }
        };
    }

    /** A region name: letters, digits, '-' and '_'. */
    static ValueParser<String> name() {
        Pattern valid = Pattern.compile("[A-Za-z0-9_-]{1,64}");
        return new ValueParser<>() {
            public String parse(String text) {
                return valid.matcher(text.trim()).matches() ? text.trim() : null;
            }

            public String allowed() {
                return "expected 1 to 64 letters, digits, '-' or '_'";
            }
        };
    }

    /**
     * Comma-separated host:port addresses; may be empty. Hosts are kept unresolved: a name is looked
     * up when it is used, so a bootstrap node that is not up yet does not stop start-up.
     */
    static ValueParser<List<InetSocketAddress>> addresses() {
        Pattern host = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
        ValueParser<Integer> port = port();
        return new ValueParser<>() {
            public List<InetSocketAddress> parse(String text) {
                List<InetSocketAddress> out = new ArrayList<>();
                if (text.isBlank()) {
                    return out;
                }
                for (String item : text.split(",")) {
                    String s = item.trim();
                    int colon = s.lastIndexOf(':');
                    if (colon <= 0 || !host.matcher(s.substring(0, colon)).matches()) {
                        return null;
                    }
                    Integer p = port.parse(s.substring(colon + 1));
                    if (p == null) {
                        return null;
                    }
                    out.add(InetSocketAddress.createUnresolved(s.substring(0, colon), p));
                }
                return out;
            }

            public String allowed() {
                return "expected comma-separated host:port addresses (port 1 to 65535), e.g. 127.0.0.1:6881,sb-primary:6881";
            }
        };
    }
}
