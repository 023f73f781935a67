package io.cqkd.phases.ports;

import java.util.List;

/**
 * The port range of a host and its split among regions: region i gets the i-th equal slice, so that
 * each region's workers spread over their own ports; a full slice borrows from the others.
 */
public record PortPlan(int first, int last, List<String> regions) {
    public PortPlan {
        if (first < 1 || last > 65_535 || first > last) {
            throw new IllegalArgumentException("port range must lie in 1-65535 with first <= last, got " + first + "-" + last);
        }
        regions = List.copyOf(regions);
        if (regions.size() > last - first + 1) {
            throw new IllegalArgumentException("more regions (" + regions.size() + ") than ports in " + first + "-" + last);
        }
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    /** The slice of {@code region}: [first, last] of its ports; the whole range for an unknown region. */
    public int[] slice(String region) {
        int index = regions.indexOf(region);
        if (index < 0) {
            return new int[] {first, last};
        }
        int n = regions.size();
        int start = first + (int) ((long) size() * index / n);
        int end = first + (int) ((long) size() * (index + 1) / n) - 1;
        return new int[] {start, end};
    }

    /** The region whose slice holds {@code port}, or "default". */
    public String regionOf(int port) {
        for (String r : regions) {
            int[] s = slice(r);
            if (port >= s[0] && port <= s[1]) {
                return r;
            }
        }
        return "default";
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
