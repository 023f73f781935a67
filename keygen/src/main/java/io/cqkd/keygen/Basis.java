package io.cqkd.keygen;

/** A measurement basis: rectilinear {@code +} (0°/90°) or diagonal {@code x} (45°/135°). */
public enum Basis {
    RECTILINEAR("+", 0), DIAGONAL("x", 45);

    private final String symbol;
    private final int firstAxisDegrees;

    Basis(String symbol, int firstAxisDegrees) {
        this.symbol = symbol;
        this.firstAxisDegrees = firstAxisDegrees;
    }

    public String symbol() {
        return symbol;
    }

    /** The angle of the axis that reads as bit 0. */
    public int firstAxisDegrees() {
        return firstAxisDegrees;
    }

    public static Basis of(String symbol) {
        for (Basis b : values()) {
            if (b.symbol.equals(symbol)) {
                return b;
            }
        }
        throw new IllegalArgumentException("basis must be + or x, got " + symbol);
    }
}
