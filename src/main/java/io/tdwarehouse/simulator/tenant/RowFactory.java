package io.tdwarehouse.simulator.tenant;

import static io.tdwarehouse.simulator.tenant.SimulatedClock.BASE_END;
import static io.tdwarehouse.simulator.tenant.SimulatedClock.DAY;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Generates the values of one row of one entity set from (seed, row index, version) alone. Values are
 * positional, in the property order of {@link TenantSchema}; {@code TenantDataTest} checks that every value
 * has its property's type.
 *
 * <p>Two random streams per row: the <em>stable</em> one (what never changes: id, creation date, caller,
 * number) and the <em>mutable</em> one, keyed also by the version, for what an update changes.
 */
final class RowFactory {
    static final double NULL_FK = 0.07;
    static final double DANGLING_FK = 0.005;
    /** Dangling references point at the first few ids after the generated rows: creating rows makes them arrive. */
    static final int DANGLING_SPAN = 5;
    private static final ZoneOffset CET = ZoneOffset.ofHours(1);

    private static final long STABLE = 0x5AB1E, MUTABLE = 0xC4A6E, DESCRIPTION = 0xDE5C;

    private static final int ID_ROUNDS = 4;

    private final long seed;
    private final int incidents;
    /** Keys of the id permutation's Feistel rounds, and of the hash that fills the id's remaining bits. */
    private final long[] idRoundKeys = new long[ID_ROUNDS];
    private final long idTailKey;

    RowFactory(long seed, int incidents) {
        this.seed = seed;
        this.incidents = incidents;
        for (int k = 0; k < ID_ROUNDS; k++) {
            idRoundKeys[k] = Rng.of(seed, 0x1D, k).nextLong();
        }
        this.idTailKey = Rng.of(seed, 0x1D, 0x7A11).nextLong();
    }

    /**
     * The id of row {@code index} of {@code family}: x = (family, index) as 64 bits, put through a seed-keyed
     * permutation p (a Feistel network, so invertible: see {@link #locate}), and spread over the 122 free bits of
     * a version-4 UUID: p's 64 bits, then 58 bits of a hash of p. Distinct for distinct (family, index).
     */
    UUID id(Family family, int index) {
        long p = permute(((long) family.ordinal() << 32) | (index & 0xFFFFFFFFL));
        long msb = (p & 0xFFFFFFFFFFFF0000L) | 0x4000L | ((p >>> 4) & 0x0FFFL);
        long lsb = 0x8000000000000000L | ((p & 0xFL) << 58) | (Rng.mix(p ^ idTailKey) >>> 6);
        return new UUID(msb, lsb);
    }

    /** The row index whose id in {@code family} is {@code id} (any index ≥ 0, existing or not), or -1. */
    int locate(Family family, UUID id) {
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        if ((msb & 0xF000L) != 0x4000L || (lsb >>> 62) != 2) {
            return -1;
        }
        long p = (msb & 0xFFFFFFFFFFFF0000L) | ((msb & 0x0FFFL) << 4) | ((lsb >>> 58) & 0xFL);
        long x = unpermute(p);
        int index = (int) x;
        if ((x >>> 32) != family.ordinal() || index < 0 || !id(family, index).equals(id)) {
            return -1;
        }
        return index;
    }

    private long permute(long x) {
        int l = (int) (x >>> 32);
        int r = (int) x;
        for (int k = 0; k < ID_ROUNDS; k++) {
            int t = l ^ round(k, r);
            l = r;
            r = t;
        }
        return ((long) l << 32) | (r & 0xFFFFFFFFL);
    }

    private long unpermute(long p) {
        int l = (int) (p >>> 32);
        int r = (int) p;
        for (int k = ID_ROUNDS - 1; k >= 0; k--) {
            int t = r ^ round(k, l);
            r = l;
            l = t;
        }
        return ((long) l << 32) | (r & 0xFFFFFFFFL);
    }

    private int round(int k, int half) {
        return (int) (Rng.mix(idRoundKeys[k] ^ (half & 0xFFFFFFFFL)) >>> 32);
    }

    /**
     * @param createdIn the batch that created the row, or 0 for a generated row
     * @param version   the batch that last changed the row, or 0
     * @param name      a new name given by a rename, or null
     */
    Object[] values(String entitySet, int index, int createdIn, int version, String name) {
        Family family = Family.ofEntitySet(entitySet);
        Rng stable = Rng.of(seed, family.ordinal(), index, STABLE);
        Rng mutable = Rng.of(seed, family.ordinal(), index, version, MUTABLE);
        Times times = new Times(family, index, createdIn, version, stable);
        UUID id = id(family, index);
        Object[] v = switch (entitySet) {
            case "Branches" -> branch(id, index, times, stable, name);
            case "Departments" -> new Object[] {id, named(name, TextPools.DEPARTMENTS[index % 10] + " " + (index / 10 + 1))};
            case "Categories" -> new Object[] {id, named(name, category(index))};
            case "Subcategories" -> new Object[] {id, named(name, subcategory(index)),
                id(Family.CATEGORIES, categoryOfSubcategory(index))};
            case "Persons" -> person(id, index, times, stable, mutable);
            case "Operators" -> operator(id, index, times, stable, mutable, name);
            case "OperatorGroups" -> new Object[] {id, times.creation(), times.modification(mutable),
                named(name, "Group " + (char) ('A' + index % 26) + (index / 26 == 0 ? "" : index / 26) + " – 2nd line"),
                ref(stable, Family.BRANCHES, NULL_FK)};
            case "IncidentProcessingStatuses" -> new Object[] {id, named(name, lookupName(entitySet, index)), index + 1};
            case "Incidents" -> incident(id, index, times, stable, mutable);
            case "IncidentDetails" -> new Object[] {id, number('I', times), description(family, index, version)};
            case "Changes" -> change(id, times, stable, mutable);
            case "ChangeDetails" -> new Object[] {id, number('C', times), description(family, index, version)};
            case "ChangeActivities" -> changeActivity(id, index, times, stable, mutable);
            default -> new Object[] {id, named(name, lookupName(entitySet, index))};
        };
        return v;
    }

    private Object[] branch(UUID id, int index, Times times, Rng stable, String name) {
        String city = TextPools.CITIES[index % TextPools.CITIES.length];
        String kind = TextPools.BRANCH_KINDS[(index / TextPools.CITIES.length) % TextPools.BRANCH_KINDS.length];
        return new Object[] {id, times.creation(), times.modification(stable), named(name, city + " " + kind),
            "BR-" + (1000 + index), city, TextPools.COUNTRIES[index % TextPools.COUNTRIES.length]};
    }

    private Object[] person(UUID id, int index, Times times, Rng stable, Rng mutable) {
        String first = stable.pick(TextPools.FIRST_NAMES);
        String sur = mutable.pick(TextPools.SUR_NAMES);
        return new Object[] {id, times.creation(), times.modification(mutable), first, sur,
            "person" + index + "@example.com", "E" + (100000 + index), ref(mutable, Family.BRANCHES, NULL_FK),
            ref(mutable, Family.DEPARTMENTS, NULL_FK)};
    }

    private Object[] operator(UUID id, int index, Times times, Rng stable, Rng mutable, String name) {
        String full = stable.pick(TextPools.FIRST_NAMES) + " " + stable.pick(TextPools.SUR_NAMES);
        return new Object[] {id, times.creation(), times.modification(mutable), named(name, full),
            mutable.chance(0.9) ? 1 : 0, "OP" + (5000 + index), "operator" + index + "@example.com",
            "op" + index, ref(stable, Family.BRANCHES, NULL_FK), ref(stable, Family.DEPARTMENTS, NULL_FK)};
    }

    private Object[] incident(UUID id, int index, Times times, Rng stable, Rng mutable) {
        OffsetDateTime created = times.creation();
        long cd = created.toEpochSecond();
        OffsetDateTime callDate = odt(cd - stable.nextLong(3600), 0, false);
        UUID caller = ref(stable, Family.PERSONS, NULL_FK);
        UUID branch = ref(stable, Family.BRANCHES, NULL_FK);
        int sub = stable.nextInt(Family.SUBCATEGORIES.baseCount(incidents));
        boolean noCategory = stable.chance(NULL_FK);
        UUID category = noCategory ? null : id(Family.CATEGORIES, categoryOfSubcategory(sub));
        UUID subcategory = noCategory || stable.chance(NULL_FK) ? null : id(Family.SUBCATEGORIES, sub);
        UUID callType = ref(stable, Family.INCIDENT_CALL_TYPES, NULL_FK);
        UUID entryType = ref(stable, Family.INCIDENT_ENTRY_TYPES, NULL_FK);
        OffsetDateTime target = odt(cd + DAY + stable.nextLong(10 * DAY), 0, false);
        UUID mainIncident = index > 0 && stable.chance(0.02) ? id(Family.INCIDENTS, stable.nextInt(index)) : null;

        OffsetDateTime modified = times.modification(mutable);
        String status = mutable.pick(TextPools.INCIDENT_STATUS);
        UUID archivingReason = status.endsWith("Archived")
                ? id(Family.ARCHIVING_REASONS, mutable.nextInt(Family.ARCHIVING_REASONS.baseCount(0))) : null;
        boolean completed = status.endsWith("Archived") || mutable.chance(0.7);
        long mdSecond = modified.toEpochSecond();
        OffsetDateTime completedDate = completed ? odt(between(mutable, cd, mdSecond), 0, false) : null;
        boolean closed = completed && mutable.chance(0.8);
        OffsetDateTime closedDate = closed ? odt(between(mutable, completedDate.toEpochSecond(), mdSecond), 0, false) : null;
        long timeSpent = mutable.chance(0.001) ? 3_000_000_000L + mutable.nextLong(1_000_000_000L) : mutable.nextLong(200_000);
        BigDecimal costs = mutable.chance(0.2) ? null : BigDecimal.valueOf(mutable.nextLong(1_000_000), 2);
        return new Object[] {id, created, modified, status, callDate, caller, branch, category, subcategory,
            callType, entryType, ref(mutable, Family.INCIDENT_IMPACTS, NULL_FK),
            ref(mutable, Family.INCIDENT_URGENCIES, NULL_FK), ref(mutable, Family.INCIDENT_PRIORITIES, NULL_FK),
            ref(mutable, Family.OPERATORS, NULL_FK), ref(mutable, Family.OPERATOR_GROUPS, NULL_FK),
            ref(mutable, Family.INCIDENT_PROCESSING_STATUSES, 0.0), target, completed, completedDate, closed,
            closedDate, mutable.chance(0.01), mainIncident, archivingReason, timeSpent, costs};
    }

    private Object[] change(UUID id, Times times, Rng stable, Rng mutable) {
        OffsetDateTime created = times.creation();
        long cd = created.toEpochSecond();
        int sub = stable.nextInt(Family.SUBCATEGORIES.baseCount(incidents));
        OffsetDateTime modified = times.modification(mutable);
        boolean closed = mutable.chance(0.6);
        return new Object[] {id, created, modified, ref(stable, Family.PERSONS, NULL_FK),
            ref(stable, Family.BRANCHES, NULL_FK), id(Family.CATEGORIES, categoryOfSubcategory(sub)),
            stable.chance(NULL_FK) ? null : id(Family.SUBCATEGORIES, sub), ref(stable, Family.CHANGE_TYPES, 0.0),
            ref(mutable, Family.CHANGE_IMPACTS, NULL_FK), ref(mutable, Family.CHANGE_PRIORITIES, NULL_FK),
            ref(mutable, Family.OPERATORS, NULL_FK), ref(mutable, Family.OPERATOR_GROUPS, NULL_FK),
            ref(mutable, Family.CHANGE_PROCESSING_STATUSES, 0.0), closed,
            closed ? odt(between(mutable, cd, modified.toEpochSecond()), 0, false) : null,
            mutable.chance(0.1) ? null : odt(cd + mutable.nextLong(30 * DAY), 0, false)};
    }

    private Object[] changeActivity(UUID id, int index, Times times, Rng stable, Rng mutable) {
        OffsetDateTime created = times.creation();
        long cd = created.toEpochSecond();
        int changes = Family.CHANGES.baseCount(incidents);
        UUID change = changes == 0 ? null : id(Family.CHANGES, Math.min(index / 3, changes - 1));
        int sub = stable.nextInt(Family.SUBCATEGORIES.baseCount(incidents));
        OffsetDateTime modified = times.modification(mutable);
        boolean resolved = mutable.chance(0.6);
        boolean rejected = !resolved && mutable.chance(0.1);
        long plannedStart = cd + stable.nextLong(10 * DAY);
        return new Object[] {id, created, modified, change, id(Family.CATEGORIES, categoryOfSubcategory(sub)),
            stable.chance(NULL_FK) ? null : id(Family.SUBCATEGORIES, sub), ref(mutable, Family.OPERATOR_GROUPS, NULL_FK),
            ref(mutable, Family.OPERATORS, NULL_FK), ref(mutable, Family.CHANGE_PROCESSING_STATUSES, 0.0),
            rejected, !resolved && !rejected && mutable.chance(0.1),
            resolved ? odt(between(mutable, cd, modified.toEpochSecond()), 0, false) : null,
            odt(plannedStart, 0, false), odt(plannedStart + DAY + stable.nextLong(5 * DAY), 0, false)};
    }

    /** Brief descriptions: mostly short subjects, 1% exactly 4,000 characters; an update rewrites them. */
    String description(Family family, int index, int version) {
        Rng r = Rng.of(seed, family.ordinal(), index, version, DESCRIPTION);
        if (r.chance(0.01)) {
            return TextPools.longText(r, 4000);
        }
        String subject = r.pick(TextPools.SUBJECTS);
        return version == 0 ? subject : subject + " (update " + version + ")";
    }

    /** Numbers in TOPdesk's format: letter, yymm of the creation month, sequence within the month. */
    private String number(char letter, Times times) {
        return letter + " " + times.numberSuffix();
    }

    static int categoryOfSubcategory(int subcategory) {
        return subcategory % 20;
    }

    private static String category(int index) {
        String base = TextPools.CATEGORIES[index % TextPools.CATEGORIES.length];
        return index < TextPools.CATEGORIES.length ? base : base + " (" + (index / TextPools.CATEGORIES.length + 1) + ")";
    }

    private static String subcategory(int index) {
        return TextPools.SUBCATEGORY_WORDS[index % TextPools.SUBCATEGORY_WORDS.length] + " / "
                + category(categoryOfSubcategory(index)) + " #" + index;
    }

    private static String lookupName(String entitySet, int index) {
        String[] names = TextPools.lookupNames(entitySet);
        return index < names.length ? names[index] : entitySet + " " + (index + 1);
    }

    private static String named(String renamed, String generated) {
        return renamed != null ? renamed : generated;
    }

    /** A foreign key: null with probability {@code nullP}, 0.5% dangling, else a generated row of the target. */
    private UUID ref(Rng r, Family target, double nullP) {
        if (nullP > 0 && r.chance(nullP)) {
            return null;
        }
        int count = target.baseCount(incidents);
        if (r.chance(DANGLING_FK)) {
            return id(target, count + r.nextInt(DANGLING_SPAN));
        }
        return id(target, r.nextInt(count));
    }

    private static long between(Rng r, long from, long to) {
        return to <= from ? from : from + r.nextLong(to - from + 1);
    }

    /** Timestamps with 0 to 7 fractional digits; one in ten served with a +01:00 offset instead of Z. */
    static OffsetDateTime odt(long epochSecond, int nanos, boolean cet) {
        // Not OffsetDateTime.ofInstant: that builds a new ZoneRules for every call.
        ZoneOffset offset = cet ? CET : ZoneOffset.UTC;
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(epochSecond, nanos, offset), offset);
    }

    /** The creation and modification dates of one row. */
    private final class Times {
        private final Family family;
        private final int index;
        private final int createdIn;
        private final int version;
        private final long slot;
        private final OffsetDateTime creation;
        private final boolean cet;

        Times(Family family, int index, int createdIn, int version, Rng stable) {
            this.family = family;
            this.index = index;
            this.createdIn = createdIn;
            this.version = version;
            int count = Math.max(1, family.baseCount(incidents));
            this.cet = stable.chance(0.1);
            if (createdIn > 0) {
                this.slot = SimulatedClock.batchTime(createdIn);
                this.creation = odt(slot, 0, cet);
            } else {
                this.slot = SimulatedClock.slot(index, count);
                long width = Math.max(1, SimulatedClock.SPAN / count);
                this.creation = odt(slot + stable.nextLong(width), fraction(stable), cet);
            }
        }

        OffsetDateTime creation() {
            return creation;
        }

        /** Updated and created rows carry their batch's second; generated rows, a later date or the bulk job's. */
        OffsetDateTime modification(Rng r) {
            if (version > 0) {
                return odt(SimulatedClock.batchTime(version), 0, cet);
            }
            long cd = creation.toEpochSecond();
            long bulk = SimulatedClock.nextBulkUpdate(cd);
            if (r.chance(0.25) && bulk > cd) {
                return odt(bulk, 0, cet);
            }
            // modified within 120 days of creation, and before the tenant's present: a row created recently was
            // modified at some point since (not all at the present's last second, which no real tenant shows)
            long md = cd + r.nextLong(Math.max(1, Math.min(120 * DAY, BASE_END - 1 - cd)));
            return md <= cd ? creation : odt(md, fraction(r), cet);
        }

        String numberSuffix() {
            OffsetDateTime at = OffsetDateTime.ofInstant(Instant.ofEpochSecond(slot), ZoneOffset.UTC);
            long sequence;
            if (createdIn > 0) {
                sequence = 900_000 + index - family.baseCount(incidents);
            } else {
                long monthStart = at.withDayOfMonth(1).withHour(0).withMinute(0).withSecond(0).toEpochSecond();
                long count = family.baseCount(incidents);
                // the first index whose slot falls in this month: ceil((monthStart - start) * count / span)
                long first = Math.floorDiv((monthStart - SimulatedClock.BASE_START) * count + SimulatedClock.SPAN - 1,
                        SimulatedClock.SPAN);
                sequence = index - Math.max(0, first) + 1;
            }
            String seq = sequence < 10 ? "00" + sequence : sequence < 100 ? "0" + sequence : Long.toString(sequence);
            return String.format("%02d%02d", at.getYear() % 100, at.getMonthValue()) + " " + seq;
        }
    }

    /** 0, 3, 6 or 7 fractional digits. */
    private static int fraction(Rng r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1000;
            default -> r.nextInt(10_000_000) * 100;
        };
    }
}
