package io.tdwarehouse.simulator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.simulator.model.EdmType;
import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.PropertyDef;
import io.tdwarehouse.simulator.model.Row;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FilterParserTest {

    private static final EntitySetDef ITEMS = new EntitySetDef("Items", "Item", List.of(
            PropertyDef.key("id"),
            PropertyDef.of("name", EdmType.STRING),
            PropertyDef.of("alias", EdmType.STRING),
            PropertyDef.of("created", EdmType.DATE_TIME_OFFSET),
            PropertyDef.of("closed", EdmType.DATE_TIME_OFFSET),
            PropertyDef.of("completed", EdmType.BOOLEAN),
            PropertyDef.of("archived", EdmType.BOOLEAN),
            PropertyDef.of("count", EdmType.INT32),
            PropertyDef.of("big", EdmType.INT64),
            PropertyDef.of("amount", EdmType.DECIMAL),
            PropertyDef.of("ref", EdmType.GUID)));

    private static final UUID ID = UUID.fromString("8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b");
    private static final UUID REF = UUID.fromString("c0ffee00-0000-4000-8000-000000000001");
    private static final OffsetDateTime CREATED = OffsetDateTime.of(2025, 3, 14, 9, 26, 53, 589_793_200,
            ZoneOffset.UTC);

    /** A row with every property set; {@code with(...)} replaces values. */
    private static Row full() {
        return new Row(ITEMS, new Object[] {
                ID, "Printer", "printer", CREATED, null, Boolean.TRUE, Boolean.FALSE, 42, 10_000_000_000L,
                new BigDecimal("12.50"), REF});
    }

    private static Row with(Row base, String property, Object value) {
        Object[] values = base.values().clone();
        values[ITEMS.indexOf(property)] = value;
        return new Row(ITEMS, values);
    }

    private static Row allNull() {
        Object[] values = new Object[ITEMS.properties().size()];
        values[0] = ID;
        return new Row(ITEMS, values);
    }

    private static boolean matches(String filter, Row row) {
        return FilterParser.parse(filter, ITEMS).test(row);
    }

    private static void assertRejected(String filter, String... messageParts) {
        assertThatThrownBy(() -> FilterParser.parse(filter, ITEMS))
                .isInstanceOf(QueryOptionException.class)
                .hasMessageStartingWith("$filter: ")
                .hasMessageContainingAll(messageParts);
    }

    @Nested
    class Strings {
        @Test
        void equality() {
            assertThat(matches("name eq 'Printer'", full())).isTrue();
            assertThat(matches("name eq 'printer'", full())).isFalse();
            assertThat(matches("name ne 'printer'", full())).isTrue();
            assertThat(matches("name ne 'Printer'", full())).isFalse();
        }

        @Test
        void orderingIsOrdinal() {
            // 'P' (0x50) < 'a' (0x61): ordinal, not case-insensitive
            assertThat(matches("name lt 'a'", full())).isTrue();
            assertThat(matches("name gt 'Printer'", full())).isFalse();
            assertThat(matches("name ge 'Printer'", full())).isTrue();
            assertThat(matches("name le 'Printer'", full())).isTrue();
            assertThat(matches("name le 'Printe'", full())).isFalse();
            assertThat(matches("name gt 'Printe'", full())).isTrue();
        }

        @Test
        void escapedQuoteAndSpaces() {
            Row row = with(full(), "name", "it's a  test");
            assertThat(matches("name eq 'it''s a  test'", row)).isTrue();
            assertThat(matches("name eq 'it''s a test'", row)).isFalse();
            assertThat(matches("name eq ''''", with(full(), "name", "'"))).isTrue();
            assertThat(matches("name eq ''", with(full(), "name", ""))).isTrue();
            assertThat(matches("name eq 'a (b) and c or d'", with(full(), "name", "a (b) and c or d"))).isTrue();
        }

        @Test
        void propertyToProperty() {
            assertThat(matches("name eq alias", full())).isFalse();
            assertThat(matches("name ne alias", full())).isTrue();
            assertThat(matches("name lt alias", full())).isTrue();
            assertThat(matches("name eq alias", with(full(), "alias", "Printer"))).isTrue();
        }
    }

    @Nested
    class Numbers {
        @Test
        void int32() {
            assertThat(matches("count eq 42", full())).isTrue();
            assertThat(matches("count ne 42", full())).isFalse();
            assertThat(matches("count gt 41", full())).isTrue();
            assertThat(matches("count gt 42", full())).isFalse();
            assertThat(matches("count ge 42", full())).isTrue();
            assertThat(matches("count lt 43", full())).isTrue();
            assertThat(matches("count lt 42", full())).isFalse();
            assertThat(matches("count le 42", full())).isTrue();
            assertThat(matches("count eq +42", full())).isTrue();
            assertThat(matches("count gt -3", full())).isTrue();
            assertThat(matches("count eq -3", with(full(), "count", -3))).isTrue();
        }

        @Test
        void int32AgainstDecimalAndDoubleLiterals() {
            assertThat(matches("count eq 42.0", full())).isTrue();
            assertThat(matches("count eq 42.5", full())).isFalse();
            assertThat(matches("count lt 42.5", full())).isTrue();
            assertThat(matches("count gt 41.5", full())).isTrue();
            assertThat(matches("count gt 42.5", full())).isFalse();
            assertThat(matches("count gt -42.5", with(full(), "count", -42))).isTrue();
            assertThat(matches("count lt -41.5", with(full(), "count", -42))).isTrue();
            assertThat(matches("count lt 99999999999999999999999", full())).isTrue();
            assertThat(matches("count gt -99999999999999999999999", full())).isTrue();
            assertThat(matches("count eq 4.2e1", full())).isTrue();
            assertThat(matches("count lt 1e3", full())).isTrue();
            assertThat(matches("count gt 1E+3", full())).isFalse();
        }

        @Test
        void int64() {
            assertThat(matches("big eq 10000000000", full())).isTrue();
            assertThat(matches("big gt 9999999999", full())).isTrue();
            assertThat(matches("big lt 10000000000", full())).isFalse();
            assertThat(matches("big le 10000000000", full())).isTrue();
            assertThat(matches("big ge 10000000001", full())).isFalse();
            assertThat(matches("big ne 10000000000", full())).isFalse();
            assertThat(matches("big eq 9223372036854775807", with(full(), "big", Long.MAX_VALUE))).isTrue();
            assertThat(matches("big lt 9223372036854775808", with(full(), "big", Long.MAX_VALUE))).isTrue();
        }

        @Test
        void decimal() {
            assertThat(matches("amount eq 12.5", full())).isTrue();
            assertThat(matches("amount eq 12.50", full())).isTrue();
            assertThat(matches("amount eq 12.500001", full())).isFalse();
            assertThat(matches("amount ne 12.5", full())).isFalse();
            assertThat(matches("amount gt 12", full())).isTrue();
            assertThat(matches("amount ge 12.5", full())).isTrue();
            assertThat(matches("amount lt 13", full())).isTrue();
            assertThat(matches("amount le 12.49", full())).isFalse();
            assertThat(matches("amount eq 1.25e1", full())).isTrue();
            assertThat(matches("amount eq 1.5E-2", with(full(), "amount", new BigDecimal("0.015")))).isTrue();
        }

        @Test
        void acrossNumericProperties() {
            assertThat(matches("count lt big", full())).isTrue();
            assertThat(matches("count gt amount", full())).isTrue();
            assertThat(matches("amount eq count", with(full(), "amount", new BigDecimal("42.00")))).isTrue();
            assertThat(matches("big eq count", with(full(), "big", 42L))).isTrue();
        }
    }

    @Nested
    class Booleans {
        @Test
        void equality() {
            assertThat(matches("completed eq true", full())).isTrue();
            assertThat(matches("completed eq false", full())).isFalse();
            assertThat(matches("completed ne false", full())).isTrue();
            assertThat(matches("completed ne true", full())).isFalse();
            assertThat(matches("completed eq archived", full())).isFalse();
            assertThat(matches("completed ne archived", full())).isTrue();
        }

        @Test
        void bareProperty() {
            assertThat(matches("completed", full())).isTrue();
            assertThat(matches("archived", full())).isFalse();
            assertThat(matches("not completed", full())).isFalse();
            assertThat(matches("not archived", full())).isTrue();
            assertThat(matches("not not completed", full())).isTrue();
            assertThat(matches("(completed)", full())).isTrue();
            assertThat(matches("true", full())).isTrue();
            assertThat(matches("false", full())).isFalse();
            assertThat(matches("not false", full())).isTrue();
        }

        @Test
        void nullBooleanIsUnknownNotFalse() {
            Row row = allNull();
            assertThat(matches("completed", row)).isFalse();
            assertThat(matches("not completed", row)).isFalse();
            assertThat(matches("not not completed", row)).isFalse();
            assertThat(matches("not (completed and true)", row)).isFalse();
            assertThat(matches("not (completed and false)", row)).isTrue();
            assertThat(matches("not (completed or true)", row)).isFalse();
            assertThat(matches("completed or true", row)).isTrue();
            assertThat(matches("completed eq null", row)).isTrue();
            assertThat(matches("not (completed eq true)", row)).isTrue();
        }
    }

    @Nested
    class Guids {
        @Test
        void equalityIsCaseInsensitive() {
            assertThat(matches("id eq 8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b", full())).isTrue();
            assertThat(matches("id eq 8F0E6B1A-1C2D-4E5F-9A0B-1C2D3E4F5A6B", full())).isTrue();
            assertThat(matches("id eq 8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6c", full())).isFalse();
            assertThat(matches("id ne 8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6c", full())).isTrue();
            assertThat(matches("id ne 8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b", full())).isFalse();
        }

        @Test
        void orderingFollowsLowercaseCanonicalText() {
            // the high bit set: UUID.compareTo (signed) would call this smaller than 7fff...
            Row row = with(full(), "ref", UUID.fromString("f0000000-0000-0000-0000-000000000000"));
            assertThat(matches("ref gt 7fffffff-ffff-ffff-ffff-ffffffffffff", row)).isTrue();
            assertThat(matches("ref lt 7fffffff-ffff-ffff-ffff-ffffffffffff", row)).isFalse();
            assertThat(matches("ref ge F0000000-0000-0000-0000-000000000000", row)).isTrue();
            assertThat(matches("ref le f0000000-0000-0000-0000-000000000000", row)).isTrue();
            assertThat(matches("ref lt f0000000-0000-0000-0000-000000000001", row)).isTrue();
            Row low = with(full(), "ref", UUID.fromString("00000000-0000-0000-8000-000000000000"));
            assertThat(matches("ref gt 00000000-0000-0000-7fff-ffffffffffff", low)).isTrue();
            assertThat(matches("id lt ref", full())).isTrue();
            assertThat(matches("id gt ref", full())).isFalse();
        }
    }

    @Nested
    class DateTimeOffsets {
        private Row at(String iso) {
            return with(full(), "created", OffsetDateTime.parse(iso));
        }

        @Test
        void operators() {
            Row row = at("2025-01-01T12:00:00Z");
            assertThat(matches("created eq 2025-01-01T12:00:00Z", row)).isTrue();
            assertThat(matches("created ne 2025-01-01T12:00:00Z", row)).isFalse();
            assertThat(matches("created gt 2025-01-01T11:59:59Z", row)).isTrue();
            assertThat(matches("created gt 2025-01-01T12:00:00Z", row)).isFalse();
            assertThat(matches("created ge 2025-01-01T12:00:00Z", row)).isTrue();
            assertThat(matches("created lt 2025-01-01T12:00:01Z", row)).isTrue();
            assertThat(matches("created lt 2025-01-01T12:00:00Z", row)).isFalse();
            assertThat(matches("created le 2025-01-01T12:00:00Z", row)).isTrue();
        }

        @Test
        void fractionalDigitsZeroToSeven() {
            Row row = at("2025-03-14T09:26:53.5897932Z");
            assertThat(matches("created eq 2025-03-14T09:26:53.5897932Z", row)).isTrue();
            assertThat(matches("created eq 2025-03-14T09:26:53.5897933Z", row)).isFalse();
            assertThat(matches("created gt 2025-03-14T09:26:53.5897931Z", row)).isTrue();
            assertThat(matches("created gt 2025-03-14T09:26:53.589793Z", row)).isTrue();
            assertThat(matches("created gt 2025-03-14T09:26:53.58979Z", row)).isTrue();
            assertThat(matches("created gt 2025-03-14T09:26:53.5897Z", row)).isTrue();
            assertThat(matches("created gt 2025-03-14T09:26:53.589Z", row)).isTrue();
            assertThat(matches("created gt 2025-03-14T09:26:53.58Z", row)).isTrue();
            assertThat(matches("created lt 2025-03-14T09:26:53.6Z", row)).isTrue();
            assertThat(matches("created gt 2025-03-14T09:26:53Z", row)).isTrue();
            assertThat(matches("created eq 2025-03-14T09:26:53.5Z", at("2025-03-14T09:26:53.5Z"))).isTrue();
            assertThat(matches("created eq 2025-03-14T09:26:53.50Z", at("2025-03-14T09:26:53.5Z"))).isTrue();
            assertThat(matches("created eq 2025-03-14T09:26:53.500000Z", at("2025-03-14T09:26:53.5Z"))).isTrue();
            // full nanosecond precision on the row side
            assertThat(matches("created gt 2025-03-14T09:26:53.5897932Z", at("2025-03-14T09:26:53.589793201Z")))
                    .isTrue();
        }

        @Test
        void withoutSeconds() {
            assertThat(matches("created eq 2025-01-01T12:30Z", at("2025-01-01T12:30:00Z"))).isTrue();
            assertThat(matches("created lt 2025-01-01T12:30Z", at("2025-01-01T12:30:01Z"))).isFalse();
            assertThat(matches("created eq 2025-01-01T13:30+01:00", at("2025-01-01T12:30:00Z"))).isTrue();
        }

        @Test
        void offsetsCompareTheInstant() {
            Row row = at("2025-01-01T12:00:00Z");
            assertThat(matches("created eq 2025-01-01T13:00:00+01:00", row)).isTrue();
            assertThat(matches("created eq 2025-01-01T06:30:00-05:30", row)).isTrue();
            assertThat(matches("created ne 2025-01-01T06:30:00-05:30", row)).isFalse();
            assertThat(matches("created lt 2025-01-01T12:30:00+00:00", row)).isTrue();
            // a later local time but an earlier instant
            assertThat(matches("created gt 2025-01-01T12:30:00+01:00", row)).isTrue();
            assertThat(matches("created lt 2025-01-01T07:00:00-05:30", row)).isTrue();
            // the row's own offset does not matter either
            Row shifted = at("2025-01-01T14:00:00+02:00");
            assertThat(matches("created eq 2025-01-01T12:00:00Z", shifted)).isTrue();
            assertThat(matches("created eq 2025-01-01T06:30:00-05:30", shifted)).isTrue();
            assertThat(matches("created eq closed", with(shifted, "closed", OffsetDateTime.parse(
                    "2025-01-01T12:00:00Z")))).isTrue();
            assertThat(matches("created lt closed", with(shifted, "closed", OffsetDateTime.parse(
                    "2025-01-01T13:00:00+00:00")))).isTrue();
        }

        @Test
        void lowercaseTAndZ() {
            assertThat(matches("created eq 2025-01-01t12:00:00z", at("2025-01-01T12:00:00Z"))).isTrue();
        }
    }

    @Nested
    class Nulls {
        @Test
        void eqAndNeNull() {
            assertThat(matches("name eq null", allNull())).isTrue();
            assertThat(matches("name eq null", full())).isFalse();
            assertThat(matches("name ne null", full())).isTrue();
            assertThat(matches("name ne null", allNull())).isFalse();
            assertThat(matches("null eq name", allNull())).isTrue();
            assertThat(matches("closed eq null", full())).isTrue();
            for (String p : List.of("created", "count", "big", "amount", "ref", "completed")) {
                assertThat(matches(p + " eq null", allNull())).as(p).isTrue();
                assertThat(matches(p + " ne null", full())).as(p).isTrue();
            }
        }

        @Test
        void nullValueAgainstLiteral() {
            Row row = allNull();
            assertThat(matches("name eq 'x'", row)).isFalse();
            assertThat(matches("name ne 'x'", row)).isTrue();
            assertThat(matches("name lt 'x'", row)).isFalse();
            assertThat(matches("name gt 'x'", row)).isFalse();
            assertThat(matches("count eq 1", row)).isFalse();
            assertThat(matches("count ne 1", row)).isTrue();
            assertThat(matches("count le 1", row)).isFalse();
            assertThat(matches("count ge 1", row)).isFalse();
            assertThat(matches("amount lt 1", row)).isFalse();
            assertThat(matches("created lt 2025-01-01T00:00:00Z", row)).isFalse();
            assertThat(matches("created ne 2025-01-01T00:00:00Z", row)).isTrue();
            assertThat(matches("ref ne 8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b", row)).isTrue();
            assertThat(matches("ref gt 8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b", row)).isFalse();
            assertThat(matches("completed ne true", row)).isTrue();
            // comparisons are two-valued: negating a false one is true
            assertThat(matches("not (count gt 1)", row)).isTrue();
        }

        @Test
        void orderingAgainstNullLiteralIsFalse() {
            assertThat(matches("count gt null", full())).isFalse();
            assertThat(matches("count le null", allNull())).isFalse();
            assertThat(matches("null lt name", full())).isFalse();
        }

        @Test
        void propertyToPropertyWithNulls() {
            Row bothNull = allNull();
            assertThat(matches("name eq alias", bothNull)).isTrue();
            assertThat(matches("name ne alias", bothNull)).isFalse();
            assertThat(matches("name le alias", bothNull)).isFalse();
            Row oneNull = with(full(), "alias", null);
            assertThat(matches("name eq alias", oneNull)).isFalse();
            assertThat(matches("name ne alias", oneNull)).isTrue();
            assertThat(matches("name gt alias", oneNull)).isFalse();
            assertThat(matches("created lt closed", full())).isFalse();
        }

        @Test
        void literalToLiteral() {
            assertThat(matches("null eq null", full())).isTrue();
            assertThat(matches("null ne 'x'", full())).isTrue();
            assertThat(matches("null eq 'x'", full())).isFalse();
            assertThat(matches("1 eq 1.0", full())).isTrue();
            assertThat(matches("'a' lt 'b'", full())).isTrue();
        }
    }

    @Nested
    class LiteralOnTheLeft {
        @Test
        void operatorsAreMirrored() {
            assertThat(matches("2025-01-01T00:00:00Z le created", full())).isTrue();
            assertThat(matches("2025-01-01T00:00:00Z ge created", full())).isFalse();
            assertThat(matches("2026-01-01T00:00:00Z gt created", full())).isTrue();
            assertThat(matches("2026-01-01T00:00:00Z lt created", full())).isFalse();
            assertThat(matches("41 lt count", full())).isTrue();
            assertThat(matches("42 lt count", full())).isFalse();
            assertThat(matches("42 eq count", full())).isTrue();
            assertThat(matches("'Printer' eq name", full())).isTrue();
            assertThat(matches("'Z' gt name", full())).isTrue();
            assertThat(matches("true eq completed", full())).isTrue();
            assertThat(matches("8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b eq id", full())).isTrue();
        }
    }

    @Nested
    class Logic {
        @Test
        void andBindsTighterThanOr() {
            // a or b and c  ==  a or (b and c)
            Row row = full(); // completed = true, archived = false
            assertThat(matches("completed or archived and count eq 0", row)).isTrue();
            assertThat(matches("(completed or archived) and count eq 0", row)).isFalse();
            assertThat(matches("count eq 0 and archived or completed", row)).isTrue();
            assertThat(matches("count eq 0 and (archived or completed)", row)).isFalse();
            assertThat(matches("archived or count eq 0 and completed", row)).isFalse();
            assertThat(matches("archived or count eq 42 and completed", row)).isTrue();
        }

        @Test
        void andOrNot() {
            Row row = full();
            assertThat(matches("name eq 'Printer' and count eq 42", row)).isTrue();
            assertThat(matches("name eq 'Printer' and count eq 41", row)).isFalse();
            assertThat(matches("name eq 'x' or count eq 42", row)).isTrue();
            assertThat(matches("name eq 'x' or count eq 41", row)).isFalse();
            assertThat(matches("not (name eq 'x')", row)).isTrue();
            assertThat(matches("not (name eq 'Printer')", row)).isFalse();
            assertThat(matches("not (name eq 'x' or count eq 42)", row)).isFalse();
            assertThat(matches("not completed or not archived", row)).isTrue();
            assertThat(matches("not completed and not archived", row)).isFalse();
            assertThat(matches("count eq 42 and count eq 42 and count eq 42 and not archived", row)).isTrue();
            assertThat(matches("count eq 1 or count eq 2 or count eq 42", row)).isTrue();
        }

        @Test
        void parenthesesAndWhitespace() {
            Row row = full();
            assertThat(matches("((count eq 42))", row)).isTrue();
            assertThat(matches("(count eq 42)and(name eq 'Printer')", row)).isTrue();
            assertThat(matches("  count\teq  42 ", row)).isTrue();
            assertThat(matches("not(archived)", row)).isTrue();
            assertThat(matches("(name eq 'x' or (count gt 40 and (completed)))", row)).isTrue();
        }
    }

    @Nested
    class Errors {
        @Test
        void empty() {
            assertRejected("", "empty");
            assertRejected("   ", "empty");
            assertRejected(null, "empty");
        }

        @Test
        void unknownProperty() {
            assertThatThrownBy(() -> FilterParser.parse("count eq 1 and foo eq 2", ITEMS))
                    .isInstanceOf(QueryOptionException.class)
                    .hasMessage("$filter: unknown property 'foo' of Items at position 15");
            assertRejected("foo", "unknown property 'foo' of Items at position 0");
            assertRejected("Name eq 'x'", "unknown property 'Name' of Items");
            assertRejected("1 eq foo", "unknown property 'foo'");
            assertRejected("not foo", "unknown property 'foo'");
        }

        @Test
        void typeMismatch() {
            assertThatThrownBy(() -> FilterParser.parse("created eq abc", ITEMS))
                    .isInstanceOf(QueryOptionException.class)
                    .hasMessage("$filter: expected a DateTimeOffset literal for 'created' but found 'abc'"
                            + " at position 11");
            assertRejected("created eq 'abc'", "expected a DateTimeOffset literal for 'created' but found 'abc'");
            assertRejected("created gt 2025-01-01", "expected a DateTimeOffset literal for 'created'",
                    "'2025-01-01'");
            assertRejected("created gt 42", "expected a DateTimeOffset literal for 'created' but found '42'");
            assertRejected("id eq 'x'", "expected a Guid literal for 'id' but found 'x'");
            assertRejected("id eq 42", "expected a Guid literal for 'id'");
            assertRejected("name eq 42", "expected a String literal for 'name' but found '42'");
            assertRejected("name eq true", "expected a String literal for 'name' but found 'true'");
            assertRejected("completed eq 1", "expected a Boolean literal for 'completed' but found '1'");
            assertRejected("completed eq 'true'", "expected a Boolean literal for 'completed'");
            assertRejected("count eq '42'", "expected a numeric literal for 'count' but found '42'");
            assertRejected("amount eq 2025-01-01T00:00:00Z", "expected a numeric literal for 'amount'");
            assertRejected("big eq 8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b", "expected a numeric literal for 'big'");
            assertRejected("'abc' eq created", "expected a DateTimeOffset literal for 'created' but found 'abc'");
            assertRejected("name eq count", "cannot compare 'name' (Edm.String) with 'count' (Edm.Int32)");
            assertRejected("created eq id", "cannot compare 'created' (Edm.DateTimeOffset) with 'id' (Edm.Guid)");
            assertRejected("1 eq 'a'", "cannot compare literal '1' with literal 'a'");
        }

        @Test
        void orderingOnBoolean() {
            assertRejected("completed gt false", "'gt' is not defined for Edm.Boolean", "'completed'");
            assertRejected("completed ge archived", "'ge' is not defined for Edm.Boolean");
            assertRejected("true lt completed", "'gt' is not defined for Edm.Boolean");
            assertRejected("completed le null", "'le' is not defined for Edm.Boolean");
            assertRejected("true lt false", "'lt' is not defined for Edm.Boolean");
        }

        @Test
        void trailingGarbage() {
            assertRejected("count eq 42 foo", "expected 'and', 'or' or the end of the filter but found 'foo'",
                    "at position 12");
            assertRejected("count eq 42 'x'", "found 'x'");
            assertRejected("count eq 42 eq true", "found 'eq'");
            assertRejected("completed 'x'", "found 'x'");
        }

        @Test
        void unbalancedParentheses() {
            assertRejected("(count eq 42", "missing ')' to close the '(' at position 0", "at position 12");
            assertRejected("((count eq 42)", "missing ')'");
            assertRejected("count eq 42)", "unbalanced ')' at position 11");
            assertRejected("(count eq 42))", "unbalanced ')'");
            assertRejected("()", "expected a property or a literal but found ')'");
            assertRejected("(count eq 42 name)", "to close the '(' at position 0", "found 'name'");
        }

        @Test
        void incompleteExpressions() {
            assertRejected("count eq", "reached the end of the filter", "at position 8");
            assertRejected("count eq 42 and", "reached the end of the filter");
            assertRejected("and count eq 42", "expected a property or a literal but found 'and'");
            assertRejected("count eq and", "found 'and'");
            assertRejected("name", "'name' is Edm.String, not Edm.Boolean",
                    "expected a comparison operator", "found the end of the filter");
            assertRejected("42", "literal '42' is not a Boolean");
            assertRejected("not", "reached the end of the filter");
        }

        @Test
        void unknownOperators() {
            assertRejected("count foo 42", "unknown operator 'foo'", "at position 6");
            assertRejected("count = 42", "unknown operator '='");
            assertRejected("count == 42", "unknown operator '=='");
            assertRejected("count EQ 42", "unknown operator 'EQ' (operators are lowercase: 'eq')");
            assertRejected("completed AND archived", "unknown operator 'AND' (operators are lowercase: 'and')");
            assertRejected("count add 1 eq 2", "operator 'add' is not supported");
            assertRejected("name in ('a','b')", "operator 'in' is not supported");
            assertRejected("completed not", "unknown operator 'not'");
        }

        @Test
        void keywordsAreCaseSensitive() {
            assertRejected("NOT completed", "unknown property 'NOT'", "keywords are lowercase: 'not'");
            assertRejected("completed eq TRUE", "expected a Boolean literal for 'completed' but found 'TRUE'");
            assertRejected("name eq NULL", "expected a String literal for 'name' but found 'NULL'");
        }

        @Test
        void notBindsToTheNextOperand() {
            assertRejected("not name eq 'x'", "'not' applies only to the operand right after it",
                    "not (... eq ...)");
            assertRejected("not count", "'not' needs a Boolean operand but property 'count' is Edm.Int32");
            assertRejected("not 'x'", "'not' needs a Boolean operand but found 'x'");
        }

        @Test
        void badLiterals() {
            assertRejected("name eq 'abc", "unterminated string literal 'abc", "at position 8");
            assertRejected("name eq 'it's'", "found 's' at position 12");
            assertRejected("id eq guid'8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b'",
                    "typed literal form guid'...' is not supported",
                    "unquoted, e.g. 8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6b");
            assertRejected("created gt datetime'2025-01-01T00:00:00'", "typed literal form datetime'...'",
                    "2025-01-01T00:00:00Z");
            assertRejected("created gt datetimeoffset'2025-01-01T00:00:00Z'", "datetimeoffset'...'");
            assertRejected("id eq 8f0e6b1a-1c2d-4e5f-9a0b-1c2d3e4f5a6g", "invalid Guid literal");
            assertRejected("created gt 2025-01-01T00:00:00", "has no time zone offset", "append Z");
            assertRejected("created gt 2025-01-01T00:00:00.12345678Z", "8 fractional second digits",
                    "at most 7");
            assertRejected("created gt 2025-13-01T00:00:00Z", "invalid DateTimeOffset literal",
                    "2025-13-01T00:00:00Z");
            assertRejected("created gt 2025-02-30T00:00Z", "invalid DateTimeOffset literal");
            assertRejected("created gt 2025-01-01T24:00:00Z", "invalid DateTimeOffset literal");
            assertRejected("created gt 2025-01-01T00:00:00+19:00", "invalid DateTimeOffset literal");
            assertRejected("created gt 2025-01-01T00Z", "invalid DateTimeOffset literal", "expected YYYY-MM-DD");
            assertRejected("created gt 2025-01-01T00:00:00.Z", "invalid DateTimeOffset literal");
            assertRejected("amount eq 12.5M", "type suffix", "write 12.5");
            assertRejected("big eq 10L", "type suffix");
            assertRejected("amount eq 12.", "invalid number literal '12.'");
            assertRejected("amount eq .5", "invalid number literal '.5'");
            assertRejected("amount eq 1e999", "out of the range");
        }

        @Test
        void unsupportedConstructs() {
            assertRejected("contains(name,'x')", "function 'contains' is not supported", "at position 0");
            assertRejected("caller/name eq 'x'", "property paths such as 'caller/name' are not supported");
            assertRejected("$it eq 1", "invalid token '$it'");
        }
    }

    @Test
    void everyTypeOfTheTestSetIsCovered() {
        // guards the fixture: one property of each EdmType
        assertThat(ITEMS.properties().stream().map(PropertyDef::type).distinct())
                .containsExactlyInAnyOrder(EdmType.values());
    }
}
