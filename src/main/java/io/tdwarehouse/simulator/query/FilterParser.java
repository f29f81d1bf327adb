package io.tdwarehouse.simulator.query;

import io.tdwarehouse.simulator.model.EdmType;
import io.tdwarehouse.simulator.model.EntitySetDef;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses an OData v4 {@code $filter} expression (a subset of the ABNF) into a {@link RowFilter} for one entity set.
 *
 * <p>Supported: {@code or} (lowest precedence), {@code and}, {@code not} (binds to the operand right after it, as
 * in OData: {@code not a eq 1} is rejected, write {@code not (a eq 1)}), parentheses, comparisons
 * {@code eq ne gt ge lt le} between a property and a literal (either side) or two properties, and a bare Boolean
 * property or literal. Literals: {@code null}, {@code true}/{@code false}, integers and decimals (e.g.
 * {@code -3}, {@code 12.50}), doubles ({@code 1e3}, {@code 1.5E-2}), strings in single quotes ({@code ''} is a
 * quote), unquoted GUIDs and unquoted DateTimeOffsets {@code YYYY-MM-DDThh:mm[:ss[.fffffff]](Z|±hh:mm)}.
 * Keywords are lowercase and case-sensitive; property names are matched case-sensitively.
 *
 * <p>Everything is checked and resolved while parsing: property indices, literal values and their types. An
 * error is a {@link QueryOptionException} whose message starts with {@code $filter:} and, for most errors, ends
 * with {@code at position N}, N being the 0-based character offset in the filter text (its length for the end).
 *
 * <p>Semantics follow OData v4: {@code eq}/{@code ne} treat null as a value ({@code null eq null} is true,
 * {@code null ne 'x'} is true); ordering comparisons with a null operand are false; a null Boolean property is
 * "unknown" under {@code and}/{@code or}/{@code not} (three-valued logic), and a row matches only if the whole
 * expression is true. DateTimeOffsets compare by instant with nanosecond precision, numbers by value across
 * Int32/Int64/Decimal (Double when a double literal is involved), strings ordinally, GUIDs by their lowercase
 * canonical text.
 */
public final class FilterParser {

    private FilterParser() {
    }

    /**
     * Compiles {@code filterText} for rows of {@code set}.
     *
     * @throws QueryOptionException if the text is empty, malformed, uses something unsupported, names an unknown
     *                              property or compares values of incompatible types
     */
    public static RowFilter parse(String filterText, EntitySetDef set) {
        if (filterText == null || isBlank(filterText)) {
            throw new QueryOptionException("$filter: the expression is empty");
        }
        Parser parser = new Parser(new Lexer(filterText), set);
        Cond result = parser.parseOr();
        Token rest = parser.lexer.peek();
        if (rest.type == TokenType.RPAREN) {
            throw error("unbalanced ')'", rest.pos);
        }
        if (rest.type != TokenType.EOF) {
            throw error("expected 'and', 'or' or the end of the filter but found " + rest.describe(), rest.pos);
        }
        return new FilterAnalysis.Analyzed(result.isTrue, result.hint);
    }

    /**
     * Parses {@code filterText} like {@link #parse} and returns what it says about the rows it can match: hints
     * for narrowing the rows to test, see {@link FilterAnalysis}. Same for {@code FilterAnalysis.of(parse(...))}.
     *
     * @throws QueryOptionException as {@link #parse} does
     */
    public static FilterAnalysis analyze(String filterText, EntitySetDef set) {
        return FilterAnalysis.of(parse(filterText, set));
    }

    private static boolean isBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isSpace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static QueryOptionException error(String message, int pos) {
        return new QueryOptionException("$filter: " + message + " at position " + pos);
    }

    // ------------------------------------------------------------------------------------------------ tokens

    private enum TokenType { LPAREN, RPAREN, COMMA, WORD, LITERAL, INVALID, EOF }

    /** Literal kinds; {@code DATE} (an Edm.Date literal) is recognised only to be rejected precisely. */
    private enum Kind { NULL, BOOLEAN, NUMBER, DOUBLE, STRING, GUID, DATE_TIME_OFFSET, DATE }

    /**
     * One token. {@code text} is the source text (for strings with their quotes); {@code literal} is set for
     * LITERAL tokens; {@code problem} is the complete error message of an INVALID token, thrown when the parser
     * needs it as an operand.
     */
    private record Token(TokenType type, String text, int pos, Literal literal, String problem) {

        String describe() {
            if (type == TokenType.EOF) {
                return "the end of the filter";
            }
            if (literal != null && literal.kind == Kind.STRING) {
                return text;
            }
            return "'" + text + "'";
        }

        boolean isWord(String word) {
            return type == TokenType.WORD && text.equals(word);
        }
    }

    private static final Set<String> COMPARISON_OPERATORS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Set<String> UNSUPPORTED_OPERATORS = Set.of("has", "in", "add", "sub", "mul", "div",
            "divby", "mod");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le",
            "has", "in", "add", "sub", "mul", "div", "divby", "mod");
    private static final Set<String> TYPED_LITERAL_PREFIXES = Set.of("guid", "datetime", "datetimeoffset", "time",
            "date", "duration", "binary", "x", "geography", "geometry", "decimal", "int32", "int64");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)+");
    private static final Pattern GUID_SHAPE = Pattern.compile(
            "[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}");
    private static final Pattern GUID = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    private static final Pattern DATE_START = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME_OFFSET = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?([Zz]|([+-])(\\d{2}):(\\d{2}))");
    private static final Pattern DATE_TIME_NO_OFFSET = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern NUMBER_WITH_SUFFIX = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)[LlMmDdFf]");
    private static final Pattern NUMBER_START = Pattern.compile("[+-]?\\.?\\d.*");

    private static final String DATE_TIME_OFFSET_FORMAT = "YYYY-MM-DDThh:mm[:ss[.fffffff]](Z|±hh:mm)";

    /** A hand-written, lazy tokenizer: tokens are produced as the parser asks for them. */
    private static final class Lexer {
        private final String s;
        private int i;
        private Token peeked;

        Lexer(String s) {
            this.s = s;
        }

        Token peek() {
            if (peeked == null) {
                peeked = scan();
            }
            return peeked;
        }

        Token next() {
            Token t = peek();
            peeked = null;
            return t;
        }

        private Token scan() {
            int n = s.length();
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return new Token(TokenType.EOF, "", n, null, null);
            }
            int start = i;
            char c = s.charAt(i);
            switch (c) {
                case '(':
                    i++;
                    return new Token(TokenType.LPAREN, "(", start, null, null);
                case ')':
                    i++;
                    return new Token(TokenType.RPAREN, ")", start, null, null);
                case ',':
                    i++;
                    return new Token(TokenType.COMMA, ",", start, null, null);
                case '\'':
                    return scanString();
                default:
                    break;
            }
            while (i < n && !isDelimiter(s.charAt(i))) {
                i++;
            }
            String word = s.substring(start, i);
            if (i < n && s.charAt(i) == '\'' && TYPED_LITERAL_PREFIXES.contains(word.toLowerCase(Locale.ROOT))) {
                return scanTypedLiteral(word, start);
            }
            return classify(word, start);
        }

        private static boolean isDelimiter(char c) {
            return isSpace(c) || c == '(' || c == ')' || c == '\'' || c == ',';
        }

        /** At a quote: a string literal, {@code ''} standing for one quote. */
        private Token scanString() {
            int start = i;
            StringBuilder value = new StringBuilder();
            i++;
            while (true) {
                int q = s.indexOf('\'', i);
                if (q < 0) {
                    throw error("unterminated string literal " + s.substring(start), start);
                }
                value.append(s, i, q);
                if (q + 1 < s.length() && s.charAt(q + 1) == '\'') {
                    value.append('\'');
                    i = q + 2;
                } else {
                    i = q + 1;
                    break;
                }
            }
            String raw = s.substring(start, i);
            return literal(raw, start, Kind.STRING, value.toString());
        }

        /** An OData v3 style {@code guid'...'} / {@code datetime'...'} literal, scanned only to be rejected. */
        private Token scanTypedLiteral(String prefix, int start) {
            Token quoted = scanString();
            String inner = (String) quoted.literal.value;
            String raw = s.substring(start, i);
            String lower = prefix.toLowerCase(Locale.ROOT);
            String hint;
            if (lower.equals("guid")) {
                hint = "; OData v4 writes a Guid unquoted, e.g. " + inner;
            } else if (lower.equals("datetime") || lower.equals("datetimeoffset")) {
                hint = "; OData v4 writes a DateTimeOffset unquoted as " + DATE_TIME_OFFSET_FORMAT
                        + ", e.g. 2025-01-01T00:00:00Z";
            } else {
                hint = "";
            }
            return invalid(raw, start, "the typed literal form " + prefix + "'...' is not supported" + hint);
        }

        private Token classify(String w, int pos) {
            if (IDENTIFIER.matcher(w).matches()) {
                switch (w) {
                    case "null":
                        return literal(w, pos, Kind.NULL, null);
                    case "true":
                        return literal(w, pos, Kind.BOOLEAN, Boolean.TRUE);
                    case "false":
                        return literal(w, pos, Kind.BOOLEAN, Boolean.FALSE);
                    default:
                        return new Token(TokenType.WORD, w, pos, null, null);
                }
            }
            if (GUID_SHAPE.matcher(w).matches()) {
                if (!GUID.matcher(w).matches()) {
                    return invalid(w, pos, "invalid Guid literal '" + w + "' (expected 8-4-4-4-12 hexadecimal digits)");
                }
                return literal(w, pos, Kind.GUID, parseGuid(w));
            }
            if (DATE_START.matcher(w).matches()) {
                return classifyDate(w, pos);
            }
            if (NUMBER.matcher(w).matches()) {
                return classifyNumber(w, pos);
            }
            Matcher suffixed = NUMBER_WITH_SUFFIX.matcher(w);
            if (suffixed.matches()) {
                return invalid(w, pos, "number literal '" + w + "' has a type suffix, which OData v4 does not use;"
                        + " write " + suffixed.group(1));
            }
            if (NUMBER_START.matcher(w).matches()) {
                return invalid(w, pos, "invalid number literal '" + w + "'");
            }
            if (PATH.matcher(w).matches()) {
                return invalid(w, pos, "property paths such as '" + w + "' are not supported");
            }
            return invalid(w, pos, "invalid token '" + w + "'");
        }

        private Token classifyNumber(String w, int pos) {
            Matcher m = NUMBER.matcher(w);
            m.matches();
            if (m.group(2) != null) {
                double d = Double.parseDouble(w);
                if (Double.isInfinite(d)) {
                    return invalid(w, pos, "number literal '" + w + "' is out of the range of Edm.Double");
                }
                return literal(w, pos, Kind.DOUBLE, d);
            }
            return literal(w, pos, Kind.NUMBER, new BigDecimal(w));
        }

        private Token classifyDate(String w, int pos) {
            if (DATE.matcher(w).matches()) {
                return literal(w, pos, Kind.DATE, null);
            }
            Matcher m = DATE_TIME_OFFSET.matcher(w);
            if (!m.matches()) {
                if (DATE_TIME_NO_OFFSET.matcher(w).matches()) {
                    return invalid(w, pos, "DateTimeOffset literal '" + w + "' has no time zone offset;"
                            + " append Z or ±hh:mm");
                }
                return invalid(w, pos, "invalid DateTimeOffset literal '" + w + "' (expected "
                        + DATE_TIME_OFFSET_FORMAT + ")");
            }
            String fraction = m.group(7);
            if (fraction != null && fraction.length() > 7) {
                return invalid(w, pos, "DateTimeOffset literal '" + w + "' has " + fraction.length()
                        + " fractional second digits; at most 7 are allowed");
            }
            try {
                int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
                ZoneOffset offset;
                if (m.group(9) == null) {
                    offset = ZoneOffset.UTC;
                } else {
                    int sign = m.group(9).equals("-") ? -1 : 1;
                    offset = ZoneOffset.ofHoursMinutes(sign * Integer.parseInt(m.group(10)),
                            sign * Integer.parseInt(m.group(11)));
                }
                OffsetDateTime value = OffsetDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos, offset);
                return literal(w, pos, Kind.DATE_TIME_OFFSET, value);
            } catch (DateTimeException e) {
                return invalid(w, pos, "invalid DateTimeOffset literal '" + w + "': " + e.getMessage());
            }
        }

        private static Token literal(String raw, int pos, Kind kind, Object value) {
            return new Token(TokenType.LITERAL, raw, pos, new Literal(kind, value, raw, pos), null);
        }

        private static Token invalid(String raw, int pos, String problem) {
            return new Token(TokenType.INVALID, raw, pos, null, problem);
        }
    }

    private static UUID parseGuid(String w) {
        String hex = w.replace("-", "");
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
    }

    // ------------------------------------------------------------------------------------------------ parser

    private sealed interface Operand permits Property, Literal {
        int pos();
    }

    private record Property(String name, int index, EdmType type, int pos) implements Operand {
    }

    private record Literal(Kind kind, Object value, String raw, int pos) implements Operand {

        String describe() {
            return kind == Kind.STRING ? raw : "'" + raw + "'";
        }
    }

    private enum Op {
        EQ("eq"), NE("ne"), GT("gt"), GE("ge"), LT("lt"), LE("le");

        final String text;

        Op(String text) {
            this.text = text;
        }

        static Op of(Token t) {
            if (t.type != TokenType.WORD) {
                return null;
            }
            switch (t.text) {
                case "eq": return EQ;
                case "ne": return NE;
                case "gt": return GT;
                case "ge": return GE;
                case "lt": return LT;
                case "le": return LE;
                default: return null;
            }
        }

        boolean isOrdering() {
            return this != EQ && this != NE;
        }

        /** The operator with its operands swapped: {@code a gt b} is {@code b lt a}. */
        Op flip() {
            switch (this) {
                case GT: return LT;
                case GE: return LE;
                case LT: return GT;
                case LE: return GE;
                default: return this;
            }
        }

        boolean test(int comparison) {
            switch (this) {
                case EQ: return comparison == 0;
                case NE: return comparison != 0;
                case GT: return comparison > 0;
                case GE: return comparison >= 0;
                case LT: return comparison < 0;
                default: return comparison <= 0;
            }
        }
    }

    /**
     * A compiled boolean expression under OData's three-valued logic: {@code isTrue} and {@code isFalse} are both
     * false when the expression is null (only a null Boolean property is). {@code not} swaps them, so negation
     * costs nothing per row. {@code hint} describes a superset of the rows for which {@code isTrue} holds.
     */
    private record Cond(RowFilter isTrue, RowFilter isFalse, FilterAnalysis hint) {

        static Cond twoValued(RowFilter f, FilterAnalysis hint) {
            return new Cond(f, row -> !f.test(row), hint);
        }

        static Cond constant(boolean value) {
            RowFilter yes = row -> true;
            RowFilter no = row -> false;
            return value ? new Cond(yes, no, FilterAnalysis.UNCONSTRAINED) : new Cond(no, yes, FilterAnalysis.NOTHING);
        }

        /** The negation; its hint says nothing (the rows where the operand is false are not tracked). */
        Cond not() {
            return new Cond(isFalse, isTrue, FilterAnalysis.UNCONSTRAINED);
        }

        Cond and(Cond other) {
            RowFilter aT = isTrue, bT = other.isTrue, aF = isFalse, bF = other.isFalse;
            return new Cond(row -> aT.test(row) && bT.test(row), row -> aF.test(row) || bF.test(row),
                    hint.and(other.hint));
        }

        Cond or(Cond other) {
            RowFilter aT = isTrue, bT = other.isTrue, aF = isFalse, bF = other.isFalse;
            return new Cond(row -> aT.test(row) || bT.test(row), row -> aF.test(row) && bF.test(row),
                    hint.or(other.hint));
        }
    }

    private static final class Parser {
        final Lexer lexer;
        final EntitySetDef set;

        Parser(Lexer lexer, EntitySetDef set) {
            this.lexer = lexer;
            this.set = set;
        }

        Cond parseOr() {
            Cond c = parseAnd();
            while (lexer.peek().isWord("or")) {
                lexer.next();
                c = c.or(parseAnd());
            }
            return c;
        }

        Cond parseAnd() {
            Cond c = parseUnary();
            while (lexer.peek().isWord("and")) {
                lexer.next();
                c = c.and(parseUnary());
            }
            return c;
        }

        Cond parseUnary() {
            if (lexer.peek().isWord("not")) {
                lexer.next();
                return parseNotOperand().not();
            }
            return parsePrimary();
        }

        /** What follows {@code not}: it binds tighter than the comparison operators, as in OData. */
        Cond parseNotOperand() {
            Token t = lexer.peek();
            if (t.isWord("not")) {
                lexer.next();
                return parseNotOperand().not();
            }
            if (t.type == TokenType.LPAREN) {
                return parseParenthesized();
            }
            Operand operand = parseOperand(null);
            Token after = lexer.peek();
            Op op = Op.of(after);
            if (op != null) {
                throw error("'not' applies only to the operand right after it; write not (... " + op.text
                        + " ...) to negate a comparison", after.pos);
            }
            if (operand instanceof Property p && p.type != EdmType.BOOLEAN) {
                throw error("'not' needs a Boolean operand but property '" + p.name + "' is "
                        + p.type.edmName(), p.pos);
            }
            if (operand instanceof Literal l && l.kind != Kind.BOOLEAN) {
                throw error("'not' needs a Boolean operand but found " + l.describe(), l.pos);
            }
            return asBoolean(operand);
        }

        Cond parseParenthesized() {
            Token open = lexer.next();
            Cond c = parseOr();
            Token close = lexer.next();
            if (close.type == TokenType.EOF) {
                throw error("missing ')' to close the '(' at position " + open.pos, close.pos);
            }
            if (close.type != TokenType.RPAREN) {
                throw error("expected 'and', 'or' or ')' to close the '(' at position " + open.pos
                        + " but found " + close.describe(), close.pos);
            }
            return c;
        }

        Cond parsePrimary() {
            if (lexer.peek().type == TokenType.LPAREN) {
                return parseParenthesized();
            }
            Operand left = parseOperand(null);
            Token opToken = lexer.peek();
            Op op = Op.of(opToken);
            if (op == null) {
                boolean isBoolean = left instanceof Property p ? p.type == EdmType.BOOLEAN
                        : ((Literal) left).kind == Kind.BOOLEAN;
                if ((opToken.type == TokenType.WORD || opToken.type == TokenType.INVALID)
                        && !opToken.isWord("and") && !opToken.isWord("or")) {
                    throw unknownOperator(opToken);
                }
                if (!isBoolean) {
                    String what = left instanceof Property p
                            ? "property '" + p.name + "' is " + p.type.edmName() + ", not Edm.Boolean"
                            : "literal " + ((Literal) left).describe() + " is not a Boolean";
                    throw error(what + "; expected a comparison operator (eq, ne, gt, ge, lt, le) after it but found "
                            + opToken.describe(), opToken.pos);
                }
                return asBoolean(left);
            }
            lexer.next();
            Operand right = parseOperand(left);
            return Comparisons.compile(left, op, right, opToken.pos, set);
        }

        private QueryOptionException unknownOperator(Token t) {
            if (UNSUPPORTED_OPERATORS.contains(t.text)) {
                return error("operator '" + t.text + "' is not supported", t.pos);
            }
            String lower = t.text.toLowerCase(Locale.ROOT);
            if (KEYWORDS.contains(lower) && !lower.equals(t.text)) {
                return error("unknown operator '" + t.text + "' (operators are lowercase: '" + lower + "')", t.pos);
            }
            return error("unknown operator '" + t.text + "'; expected eq, ne, gt, ge, lt, le, 'and' or 'or'", t.pos);
        }

        /**
         * Reads a property or literal. {@code left}, when given, is the left operand of the comparison this
         * operand is the right side of, and shapes the error message for an unknown name.
         */
        Operand parseOperand(Operand left) {
            Token t = lexer.next();
            switch (t.type) {
                case EOF:
                    throw error("expected a property or a literal but reached the end of the filter", t.pos);
                case LPAREN:
                case RPAREN:
                case COMMA:
                    throw error("expected a property or a literal but found '" + t.text + "'", t.pos);
                case INVALID:
                    throw error(t.problem, t.pos);
                case LITERAL:
                    return t.literal;
                default:
                    break;
            }
            int index = set.indexOf(t.text);
            if (index >= 0) {
                return new Property(t.text, index, set.property(index).type(), t.pos);
            }
            if (KEYWORDS.contains(t.text)) {
                throw error("expected a property or a literal but found '" + t.text + "'", t.pos);
            }
            if (lexer.peek().type == TokenType.LPAREN) {
                throw error("function '" + t.text + "' is not supported", t.pos);
            }
            if (left instanceof Property p) {
                throw error("expected " + Comparisons.expectedLiteral(p.type) + " literal for '" + p.name
                        + "' but found '" + t.text + "'", t.pos);
            }
            String lower = t.text.toLowerCase(Locale.ROOT);
            String hint = KEYWORDS.contains(lower) || lower.equals("true") || lower.equals("false")
                    || lower.equals("null") ? " (keywords are lowercase: '" + lower + "')" : "";
            throw error("unknown property '" + t.text + "' of " + set.name() + hint, t.pos);
        }

        private Cond asBoolean(Operand operand) {
            if (operand instanceof Literal l) {
                return Cond.constant((Boolean) l.value);
            }
            int i = ((Property) operand).index;
            return new Cond(row -> row.get(i) instanceof Boolean b && b, row -> row.get(i) instanceof Boolean b && !b,
                    FilterAnalysis.UNCONSTRAINED);
        }
    }

    // ------------------------------------------------------------------------------------------------ comparisons

    /** Type checking and per-type compilation of one comparison. */
    private static final class Comparisons {

        static String expectedLiteral(EdmType type) {
            switch (type) {
                case GUID: return "a Guid";
                case STRING: return "a String";
                case DATE_TIME_OFFSET: return "a DateTimeOffset";
                case BOOLEAN: return "a Boolean";
                default: return "a numeric";
            }
        }

        static boolean fits(Kind kind, EdmType type) {
            switch (kind) {
                case NULL: return true;
                case BOOLEAN: return type == EdmType.BOOLEAN;
                case NUMBER:
                case DOUBLE: return type.isNumeric();
                case STRING: return type == EdmType.STRING;
                case GUID: return type == EdmType.GUID;
                case DATE_TIME_OFFSET: return type == EdmType.DATE_TIME_OFFSET;
                default: return false;
            }
        }

        static Cond compile(Operand left, Op op, Operand right, int opPos, EntitySetDef set) {
            if (left instanceof Property l && right instanceof Property r) {
                boolean compatible = l.type == r.type || (l.type.isNumeric() && r.type.isNumeric());
                if (!compatible) {
                    throw error("cannot compare '" + l.name + "' (" + l.type.edmName() + ") with '" + r.name + "' ("
                            + r.type.edmName() + ")", opPos);
                }
                checkOrdering(op, l.type, "'" + l.name + "'", opPos);
                return Cond.twoValued(propertyProperty(l, op, r), FilterAnalysis.UNCONSTRAINED);
            }
            if (left instanceof Property l) {
                RowFilter f = propertyLiteral(l, op, (Literal) right, opPos);
                return Cond.twoValued(f, hint(l, op, (Literal) right));
            }
            if (right instanceof Property r) {
                RowFilter f = propertyLiteral(r, op.flip(), (Literal) left, opPos);
                return Cond.twoValued(f, hint(r, op.flip(), (Literal) left));
            }
            return Cond.constant(literalLiteral((Literal) left, op, (Literal) right, opPos));
        }

        /**
         * What {@code p op lit} (already type-checked) says about the rows it matches, following the semantics
         * of {@link #propertyLiteral}: the key's {@code eq}, and every comparison of a DateTimeOffset property.
         */
        private static FilterAnalysis hint(Property p, Op op, Literal lit) {
            if (p.index == 0 && p.type == EdmType.GUID && op == Op.EQ && lit.kind == Kind.GUID) {
                return FilterAnalysis.id((UUID) lit.value);
            }
            if (p.type != EdmType.DATE_TIME_OFFSET) {
                return FilterAnalysis.UNCONSTRAINED;
            }
            FilterAnalysis.DateRange range;
            if (lit.kind == Kind.NULL) {
                range = switch (op) {
                    case EQ -> FilterAnalysis.DateRange.NULL_ONLY;
                    case NE -> FilterAnalysis.DateRange.NOT_NULL;
                    default -> FilterAnalysis.DateRange.NONE; // an ordering with null is false
                };
            } else {
                OffsetDateTime t = (OffsetDateTime) lit.value;
                range = switch (op) {
                    case EQ -> FilterAnalysis.DateRange.exactly(t);
                    case NE -> FilterAnalysis.DateRange.ANY; // null ne t is true
                    case GT -> FilterAnalysis.DateRange.atLeast(t, false);
                    case GE -> FilterAnalysis.DateRange.atLeast(t, true);
                    case LT -> FilterAnalysis.DateRange.atMost(t, false);
                    case LE -> FilterAnalysis.DateRange.atMost(t, true);
                };
            }
            return FilterAnalysis.date(p.name, range);
        }

        private static void checkOrdering(Op op, EdmType type, String operand, int opPos) {
            if (op.isOrdering() && type == EdmType.BOOLEAN) {
                throw error("operator '" + op.text + "' is not defined for Edm.Boolean (" + operand + ")", opPos);
            }
        }

        private static RowFilter propertyLiteral(Property p, Op op, Literal lit, int opPos) {
            if (!fits(lit.kind, p.type)) {
                throw error("expected " + expectedLiteral(p.type) + " literal for '" + p.name + "' but found "
                        + lit.describe(), lit.pos);
            }
            checkOrdering(op, p.type, "'" + p.name + "'", opPos);
            int i = p.index;
            if (lit.kind == Kind.NULL) {
                switch (op) {
                    case EQ: return row -> row.get(i) == null;
                    case NE: return row -> row.get(i) != null;
                    default: return row -> false;
                }
            }
            switch (p.type) {
                case STRING: {
                    String s = (String) lit.value;
                    if (!op.isOrdering()) {
                        return equality(i, op, s);
                    }
                    return ordering(i, op, v -> ((String) v).compareTo(s));
                }
                case GUID: {
                    UUID u = (UUID) lit.value;
                    if (!op.isOrdering()) {
                        return equality(i, op, u);
                    }
                    return ordering(i, op, v -> compareGuids((UUID) v, u));
                }
                case BOOLEAN:
                    return equality(i, op, lit.value);
                case DATE_TIME_OFFSET: {
                    OffsetDateTime t = (OffsetDateTime) lit.value;
                    long seconds = t.toEpochSecond();
                    int nanos = t.getNano();
                    return ordering(i, op, v -> {
                        OffsetDateTime o = (OffsetDateTime) v;
                        int c = Long.compare(o.toEpochSecond(), seconds);
                        return c != 0 ? c : Integer.compare(o.getNano(), nanos);
                    });
                }
                case DECIMAL: {
                    if (lit.kind == Kind.DOUBLE) {
                        return ordering(i, op, doubleComparison((Double) lit.value));
                    }
                    BigDecimal d = (BigDecimal) lit.value;
                    return ordering(i, op, v -> ((BigDecimal) v).compareTo(d));
                }
                case INT32:
                case INT64: {
                    if (lit.kind == Kind.DOUBLE) {
                        return ordering(i, op, doubleComparison((Double) lit.value));
                    }
                    return ordering(i, op, integerComparison((BigDecimal) lit.value));
                }
                default:
                    throw new IllegalStateException("unhandled type " + p.type);
            }
        }

        /** eq/ne by {@code equals}: a null value is unequal to the (non-null) literal. */
        private static RowFilter equality(int i, Op op, Object literal) {
            return op == Op.EQ ? row -> literal.equals(row.get(i)) : row -> !literal.equals(row.get(i));
        }

        /** A comparison through {@code cmp}, called only with non-null values; null is eq-false, ne-true. */
        private static RowFilter ordering(int i, Op op, ToIntFunction<Object> cmp) {
            switch (op) {
                case EQ: return row -> {
                    Object v = row.get(i);
                    return v != null && cmp.applyAsInt(v) == 0;
                };
                case NE: return row -> {
                    Object v = row.get(i);
                    return v == null || cmp.applyAsInt(v) != 0;
                };
                case GT: return row -> {
                    Object v = row.get(i);
                    return v != null && cmp.applyAsInt(v) > 0;
                };
                case GE: return row -> {
                    Object v = row.get(i);
                    return v != null && cmp.applyAsInt(v) >= 0;
                };
                case LT: return row -> {
                    Object v = row.get(i);
                    return v != null && cmp.applyAsInt(v) < 0;
                };
                default: return row -> {
                    Object v = row.get(i);
                    return v != null && cmp.applyAsInt(v) <= 0;
                };
            }
        }

        private static ToIntFunction<Object> doubleComparison(double d) {
            return v -> {
                double x = ((Number) v).doubleValue();
                return x < d ? -1 : x > d ? 1 : 0;
            };
        }

        /**
         * Compares an Int32/Int64 value with a decimal literal exactly, without BigDecimal work per row: an
         * integral literal in the long range is compared as a long; otherwise only its floor matters.
         */
        private static ToIntFunction<Object> integerComparison(BigDecimal literal) {
            BigDecimal floor = literal.setScale(0, RoundingMode.FLOOR);
            boolean integral = floor.compareTo(literal) == 0;
            if (floor.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                return v -> -1;
            }
            if (literal.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
                return v -> 1;
            }
            long f = floor.longValueExact();
            if (integral) {
                return v -> Long.compare(((Number) v).longValue(), f);
            }
            // f < literal < f + 1, so no long equals the literal
            return v -> ((Number) v).longValue() <= f ? -1 : 1;
        }

        private static RowFilter propertyProperty(Property l, Op op, Property r) {
            int i = l.index;
            int j = r.index;
            Cmp cmp = comparatorFor(l.type, r.type);
            switch (op) {
                case EQ: return row -> {
                    Object a = row.get(i);
                    Object b = row.get(j);
                    return a == null || b == null ? a == b : cmp.compare(a, b) == 0;
                };
                case NE: return row -> {
                    Object a = row.get(i);
                    Object b = row.get(j);
                    return a == null || b == null ? a != b : cmp.compare(a, b) != 0;
                };
                default: return row -> {
                    Object a = row.get(i);
                    Object b = row.get(j);
                    return a != null && b != null && op.test(cmp.compare(a, b));
                };
            }
        }

        @FunctionalInterface
        private interface Cmp {
            int compare(Object a, Object b);
        }

        private static Cmp comparatorFor(EdmType a, EdmType b) {
            if (a.isNumeric()) {
                if (a != EdmType.DECIMAL && b != EdmType.DECIMAL) {
                    return (x, y) -> Long.compare(((Number) x).longValue(), ((Number) y).longValue());
                }
                return (x, y) -> compareNumbers((Number) x, (Number) y);
            }
            switch (a) {
                case STRING: return (x, y) -> ((String) x).compareTo((String) y);
                case GUID: return (x, y) -> compareGuids((UUID) x, (UUID) y);
                case BOOLEAN: return (x, y) -> Boolean.compare((Boolean) x, (Boolean) y);
                case DATE_TIME_OFFSET: return (x, y) -> compareInstants((OffsetDateTime) x, (OffsetDateTime) y);
                default: throw new IllegalStateException("unhandled type " + a);
            }
        }

        /** A comparison of two literals, decided once at parse time. */
        private static boolean literalLiteral(Literal l, Op op, Literal r, int opPos) {
            for (Literal x : new Literal[] {l, r}) {
                if (x.kind == Kind.DATE) {
                    throw error("Edm.Date literals such as '" + x.raw + "' are not supported; use a DateTimeOffset"
                            + " such as " + x.raw + "T00:00:00Z", x.pos);
                }
            }
            if (l.kind == Kind.NULL || r.kind == Kind.NULL) {
                boolean bothNull = l.kind == r.kind;
                if (op == Op.EQ) {
                    return bothNull;
                }
                if (op == Op.NE) {
                    return !bothNull;
                }
                if (l.kind == Kind.BOOLEAN || r.kind == Kind.BOOLEAN) {
                    checkOrdering(op, EdmType.BOOLEAN, "literal", opPos);
                }
                return false;
            }
            boolean lNumeric = l.kind == Kind.NUMBER || l.kind == Kind.DOUBLE;
            boolean rNumeric = r.kind == Kind.NUMBER || r.kind == Kind.DOUBLE;
            if (l.kind != r.kind && !(lNumeric && rNumeric)) {
                throw error("cannot compare literal " + l.describe() + " with literal " + r.describe(), opPos);
            }
            if (l.kind == Kind.BOOLEAN) {
                checkOrdering(op, EdmType.BOOLEAN, "literal " + l.describe(), opPos);
                return op.test(Boolean.compare((Boolean) l.value, (Boolean) r.value));
            }
            int c;
            switch (l.kind) {
                case NUMBER:
                case DOUBLE: c = compareNumbers((Number) l.value, (Number) r.value); break;
                case STRING: c = ((String) l.value).compareTo((String) r.value); break;
                case GUID: c = compareGuids((UUID) l.value, (UUID) r.value); break;
                default: c = compareInstants((OffsetDateTime) l.value, (OffsetDateTime) r.value); break;
            }
            return op.test(c);
        }
    }

    /** Numeric comparison across Integer, Long, BigDecimal (exact) and Double (as doubles). */
    static int compareNumbers(Number a, Number b) {
        if (a instanceof Double || b instanceof Double) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            return x < y ? -1 : x > y ? 1 : 0;
        }
        if (!(a instanceof BigDecimal) && !(b instanceof BigDecimal)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return toBigDecimal(a).compareTo(toBigDecimal(b));
    }

    private static BigDecimal toBigDecimal(Number n) {
        return n instanceof BigDecimal d ? d : BigDecimal.valueOf(n.longValue());
    }

    /**
     * Orders GUIDs as their lowercase canonical strings would be ordered: fixed-length lowercase hex orders like
     * the unsigned 128-bit number (unlike {@link UUID#compareTo}, which compares signed longs).
     */
    static int compareGuids(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** Compares the instants, whatever the offsets (unlike {@link OffsetDateTime#compareTo}). */
    static int compareInstants(OffsetDateTime a, OffsetDateTime b) {
        int c = Long.compare(a.toEpochSecond(), b.toEpochSecond());
        return c != 0 ? c : Integer.compare(a.getNano(), b.getNano());
    }
}
