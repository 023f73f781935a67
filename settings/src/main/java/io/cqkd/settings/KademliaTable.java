package io.cqkd.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scaling plan's table of Kademlia parameters by network size ({@code KADEMLIA_TABLE}): each row
 * holds for networks of at most {@code upTo} nodes, the last one for any size. Written
 * {@code upTo:alpha:k:timeoutSeconds} per row, comma-separated, the last {@code upTo} being
 * {@code max}; the plan's is {@code 50:3:20:5,200:4:25:8,500:6:35:15,max:8:40:20}.
 */
public record KademliaTable(List<Row> rows) {
    /** The plan's table. */
    public static final String PLAN = "50:3:20:5,200:4:25:8,500:6:35:15,max:8:40:20";

    /**
     * @param upTo the largest network size the row holds for ({@link Long#MAX_VALUE}: any)
     * @param alpha parallel calls per lookup
     * @param k lookup width
     * @param timeout call timeout
     */
    public record Row(long upTo, int alpha, int k, Duration timeout) {}

    public KademliaTable {
        rows = List.copyOf(rows);
    }

    /** The row for a network of {@code size} nodes. */
    public Row rowFor(long size) {
        for (Row r : rows) {
            if (size <= r.upTo()) {
                return r;
            }
        }
        return rows.get(rows.size() - 1);
    }

    /** What {@code KADEMLIA_TABLE} accepts, or null for text that is not a table. */
    static KademliaTable parse(String text) {
        List<Row> rows = new ArrayList<>();
        String[] items = text.trim().split(",");
        long previous = 0;
        for (int i = 0; i < items.length; i++) {
            String[] f = items[i].trim().split(":");
            if (f.length != 4) {
                return null;
            }
            boolean last = i == items.length - 1;
            long upTo = last ? (f[0].trim().equals("max") ? Long.MAX_VALUE : -1) : Long.parseLong(f[0].trim());
            int alpha = Integer.parseInt(f[1].trim());
            int k = Integer.parseInt(f[2].trim());
            double seconds = Double.parseDouble(f[3].trim());
            if (upTo <= previous || alpha < 1 || alpha > 64 || k < 1 || k > 1000 || !(seconds >= 0.05 && seconds <= 300)) {
                return null;
            }
            previous = upTo;
            rows.add(new Row(upTo, alpha, k, Duration.ofNanos((long) (seconds * 1e9))));
        }
        return new KademliaTable(rows);
    }
}
