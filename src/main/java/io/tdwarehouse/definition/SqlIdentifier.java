package io.tdwarehouse.definition;

import java.util.regex.Pattern;

/**
 * Names that end up in SQL (tables, columns) are checked against a strict pattern and then quoted anyway:
 * nothing from a definition file or from {@code $metadata} is ever spliced into SQL unchecked.
 */
public final class SqlIdentifier {
    private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SqlIdentifier() {
    }

    /** The name, if it is a lower-case SQL identifier of at most 63 characters; else an error naming it. */
    public static String require(String what, String name) {
        if (name == null || !SAFE.matcher(name).matches()) {
            throw new DefinitionException(what + " '" + name + "' is not a safe SQL identifier"
                    + " (lower-case letters, digits and _, starting with a letter or _, at most 63 characters)");
        }
        return name;
    }

    /** The identifier double-quoted, after {@link #require}. */
    public static String quote(String name) {
        return "\"" + require("identifier", name) + "\"";
    }

    /** {@code schema.table}, both quoted. */
    public static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }
}
