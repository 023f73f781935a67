package io.cqkd.settings;

/**
 * A setting whose value is not allowed. Its message is the one line an operator sees before the
 * process exits with code 2: the variable, the value, and what is allowed.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private final String name;
    private final String value;

    public InvalidSettingException(String name, String value, String allowed) {
        super("invalid setting " + name + "=\"" + value + "\": " + allowed);
        this.name = name;
        this.value = value;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }
}
