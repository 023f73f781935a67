package io.cqkd.settings;

/** Where a setting's value came from, in rising priority. */
public enum Source {
    DEFAULT, ENVIRONMENT, FLAG;

    public String label() {
        return switch (this) {
            case DEFAULT -> "default";
            case ENVIRONMENT -> "environment";
            case FLAG -> "flag";
        };
    }
}
