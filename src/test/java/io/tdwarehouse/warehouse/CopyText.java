package io.tdwarehouse.warehouse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * (Test and benchmark support: the ETL writes binary COPY, see {@link BinaryCopyRows}; this text writer is what
 * {@code BinaryCopyRowsIT} compares it with, and what the page-parsing benchmark measures it against.)
 *
 * <p>Builds rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for null, backslash escapes) into a
 * growable byte buffer, encoding UTF-8 by hand: this runs for every field of every row, so it avoids
 * ByteArrayOutputStream's synchronized single-byte writes and intermediate strings. NUL cannot be represented
 * in text columns and must be rejected before it gets here; so should a lone surrogate (the row encoder rejects
 * both), which would otherwise be written as U+FFFD.
 */
public final class CopyText {
    /** The largest array the JVM allocates, with some headroom. */
    private static final int MAX_SIZE = Integer.MAX_VALUE - 16;
    private byte[] buf;
    private int size;
    private boolean firstField = true;

    public CopyText(int initialCapacity) {
        this.buf = new byte[Math.max(64, initialCapacity)];
    }

    public CopyText field(String value) {
        if (!firstField) {
            put((byte) '\t');
        }
        firstField = false;
        if (value == null) {
            ensure(2);
            buf[size++] = '\\';
            buf[size++] = 'N';
            return this;
        }
        int n = value.length();
        if ((long) n * 3 + 2 > MAX_SIZE - size) {
            // n * 3 would overflow int and write past the buffer; PostgreSQL takes at most 1 GB a field anyway
            throw new IllegalArgumentException("a value of " + n + " characters does not fit a COPY buffer");
        }
        ensure(n * 3 + 2);
        byte[] b = buf; // locals: the JIT keeps them in registers across the loop
        int p = size;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                    b[p++] = '\\';
                    b[p++] = (byte) (c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
                } else {
                    b[p++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                char ch = Character.isSurrogate(c) ? '\uFFFD' : c;
                b[p++] = (byte) (0xE0 | (ch >> 12));
                b[p++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        size = p;
        return this;
    }

    public CopyText field(long value) {
        return field(Long.toString(value));
    }

    public CopyText nullField() {
        return field((String) null);
    }

    public void endRow() {
        put((byte) '\n');
        firstField = true;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
        firstField = true;
    }

    public byte[] bytes() {
        return Arrays.copyOf(buf, size);
    }

    /** The internal buffer; valid up to {@link #size()}, until the next write. */
    public byte[] buffer() {
        return buf;
    }

    public void writeTo(OutputStream target) throws IOException {
        target.write(buf, 0, size);
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(MAX_SIZE, Math.max(buf.length * 2L, (long) size + extra)));
        }
    }
}
