package io.cqkd.settings;

/**
 * One setting: its environment variable (the contract operators script against), its command-line
 * flag, its default, how its text is read, and what it is for.
 *
 * @param phase the scaling phase whose feature it belongs to, 0 when general
 */
public record Setting<T>(String env, String flag, String defaultText, ValueParser<T> parser, int phase,
                         String description) {

    T parse(String text) {
        T value = parser.parse(text);
        if (value == null) {
            throw new InvalidSettingException(env, text, parser.allowed());
        }
        return value;
    }
}
