package io.tdwarehouse.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    private static String text(CopyText c) {
        return new String(c.bytes(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The field as COPY text, independently of CopyText: escapes, then the JDK's UTF-8 encoder. */
    private static byte[] reference(String value) {
        if (value == null) {
            return utf8("\\N");
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return utf8(b.toString());
    }

    @Test
    void fieldsAreTabSeparatedAndRowsEndInNewline() {
        CopyText c = new CopyText(16);
        c.field("a").field("b").field("c").endRow();
        c.field("d").endRow();
        assertThat(text(c)).isEqualTo("a\tb\tc\nd\n");
        assertThat(c.size()).isEqualTo(8);
    }

    @Test
    void nullIsBackslashN() {
        CopyText c = new CopyText(16);
        c.field((String) null).nullField().field("x").endRow();
        assertThat(text(c)).isEqualTo("\\N\t\\N\tx\n");
    }

    @Test
    void emptyStringIsNotNull() {
        CopyText c = new CopyText(16);
        c.field("").field("").endRow();
        c.field("").endRow();
        assertThat(text(c)).isEqualTo("\t\n\n");
    }

    @Test
    void specialCharactersAreEscaped() {
        CopyText c = new CopyText(4);
        c.field("back\\slash").field("tab\there").field("new\nline").field("carriage\rreturn").field("\r\n").endRow();
        assertThat(text(c)).isEqualTo("back\\\\slash\ttab\\there\tnew\\nline\tcarriage\\rreturn\t\\r\\n\n");
    }

    @Test
    void textThatLooksLikeAnEscapeStaysText() {
        CopyText c = new CopyText(4);
        c.field("\\N").field("\\.").field("\\t").field(".").endRow();
        assertThat(text(c)).isEqualTo("\\\\N\t\\\\.\t\\\\t\t.\n");
    }

    @Test
    void otherControlCharactersPassAsTheyAre() {
        CopyText c = new CopyText(4);
        c.field("\u0001\u0007\b\f\u000b\u001f\u007f").endRow();
        assertThat(c.bytes()).isEqualTo(new byte[] {1, 7, 8, 12, 11, 31, 127, '\n'});
    }

    @Test
    void nonAsciiIsUtf8() {
        CopyText c = new CopyText(4);
        c.field("é").field("Zürich").field("😀").field("日本語").field("€").field("ß\tñ").endRow();
        assertThat(c.bytes()).isEqualTo(utf8("é\tZürich\t😀\t日本語\t€\tß\\tñ\n"));
        assertThat(c.bytes()).startsWith((byte) 0xC3, (byte) 0xA9, (byte) '\t');
        CopyText emoji = new CopyText(1);
        emoji.field("😀");
        assertThat(emoji.bytes()).containsExactly(0xF0, 0x9F, 0x98, 0x80);
    }

    @Test
    void boundariesOfTheUtf8Encodings() {
        String s = "\u007f\u0080\u07ff\u0800\uffff" + new String(Character.toChars(0x10000)) + new String(Character.toChars(0x10FFFF));
        CopyText c = new CopyText(1);
        c.field(s);
        assertThat(c.bytes()).isEqualTo(utf8(s));
    }

    @Test
    void loneSurrogatesBecomeTheReplacementCharacter() {
        CopyText c = new CopyText(1);
        c.field("a\uD83Db").field("\uDE00").field("x\uD83D").endRow();
        assertThat(c.bytes()).isEqualTo(utf8("a\uFFFDb\t\uFFFD\tx\uFFFD\n"));
    }

    @Test
    void longValues() {
        CopyText c = new CopyText(8);
        c.field(-42L).field(Long.MIN_VALUE).endRow();
        assertThat(text(c)).isEqualTo("-42\t-9223372036854775808\n");
    }

    @Test
    void growsFarBeyondItsInitialCapacity() {
        String big = "é\\\t😀x".repeat(10_000);
        CopyText c = new CopyText(1);
        c.field(big).field("a").endRow();
        byte[] expected = utf8(new String(reference(big), StandardCharsets.UTF_8) + "\ta\n");
        assertThat(c.bytes()).isEqualTo(expected);
        assertThat(c.size()).isEqualTo(expected.length);
    }

    @Test
    void matchesTheJdkEncoderOnRandomText() {
        Random random = new Random(42);
        int[] pool = {'a', 'Z', '0', ' ', '\\', '\t', '\n', '\r', '\'', '"', ',', 0x01, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x20ac,
            0xfffd, 0xffff, 0x1f600, 0x10ffff};
        for (int round = 0; round < 200; round++) {
            CopyText c = new CopyText(random.nextInt(64) + 1);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            int rows = random.nextInt(5) + 1;
            for (int r = 0; r < rows; r++) {
                int fields = random.nextInt(6) + 1;
                for (int f = 0; f < fields; f++) {
                    if (f > 0) {
                        expected.write('\t');
                    }
                    String value;
                    if (random.nextInt(10) == 0) {
                        value = null;
                    } else {
                        StringBuilder b = new StringBuilder();
                        int len = random.nextInt(40);
                        for (int i = 0; i < len; i++) {
                            b.appendCodePoint(pool[random.nextInt(pool.length)]);
                        }
                        value = b.toString();
                    }
                    c.field(value);
                    expected.writeBytes(reference(value));
                }
                c.endRow();
                expected.write('\n');
            }
            assertThat(c.bytes()).isEqualTo(expected.toByteArray());
            assertThat(c.size()).isEqualTo(expected.size());
        }
    }

    @Test
    void resetStartsOverAndWriteToCopiesTheBytes() throws IOException {
        CopyText c = new CopyText(4);
        c.field("old").field("row");
        c.reset();
        assertThat(c.size()).isZero();
        c.field("new").field("é").endRow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(utf8("new\té\n"));
        assertThat(c.bytes()).isEqualTo(out.toByteArray());
    }

    @Test
    void resetInTheMiddleOfARowStartsWithoutASeparator() {
        CopyText c = new CopyText(4);
        c.field("a");
        c.reset();
        c.field("b").endRow();
        assertThat(text(c)).isEqualTo("b\n");
    }
}
