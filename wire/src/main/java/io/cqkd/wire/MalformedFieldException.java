package io.cqkd.wire;

/** A well-formed bencoded message whose field is missing, of the wrong type or of the wrong size. */
public final class MalformedFieldException extends WireException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public MalformedFieldException(String field, String problem) {
        super("field '" + field + "': " + problem);
        this.field = field;
    }

    /** The name of the offending dictionary key. */
    public String field() {
        return field;
    }
}
