package io.tdwarehouse.warehouse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for null, backslash escapes) into a
 * growable byte buffer. NUL cannot be represented in text columns and must be rejected before it gets here.
 */
public final class CopyText {
    private final ByteArrayOutputStream out;
    private boolean firstField = true;

    public CopyText(int initialCapacity) {
        this.out = new ByteArrayOutputStream(initialCapacity);
    }

    public CopyText field(String value) {
        separator();
        if (value == null) {
            out.write('\\');
            out.write('N');
            return this;
        }
        boolean plain = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c >= 0x80) {
                plain = false;
                break;
            }
        }
        if (plain) {
            for (int i = 0; i < value.length(); i++) {
                out.write(value.charAt(i));
            }
            return this;
        }
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\t' -> escaped.append("\\t");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                default -> escaped.append(c);
            }
        }
        byte[] bytes = escaped.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    public CopyText field(long value) {
        return field(Long.toString(value));
    }

    public CopyText nullField() {
        return field((String) null);
    }

    public void endRow() {
        out.write('\n');
        firstField = true;
    }

    public int size() {
        return out.size();
    }

    public void reset() {
        out.reset();
        firstField = true;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public void writeTo(java.io.OutputStream target) throws java.io.IOException {
        out.writeTo(target);
    }

    private void separator() {
        if (!firstField) {
            out.write('\t');
        }
        firstField = false;
    }
}
