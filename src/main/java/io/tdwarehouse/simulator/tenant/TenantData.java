package io.tdwarehouse.simulator.tenant;

import io.tdwarehouse.simulator.model.EntitySetDef;
import io.tdwarehouse.simulator.model.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The modelled tenant's rows: generated lazily from (seed, incidents) so that millions of rows take no memory,
 * plus an overlay of what the admin interface changed since (created, updated, deleted and renamed rows).
 * Thread-safe: readers take an immutable {@link EntitySetView}; mutations are serialised.
 */
public final class TenantData {
    private final long seed;
    private final int incidents;
    private final RowFactory factory;
    private final Map<Family, Overlay> overlays = new EnumMap<>(Family.class);
    private int batches;
    private int lastStamp;

    public TenantData(long seed, int incidents) {
        if (incidents < 0) {
            throw new IllegalArgumentException("incidents must be >= 0, was " + incidents);
        }
        this.seed = seed;
        this.incidents = incidents;
        this.factory = new RowFactory(seed, incidents);
        for (Family f : Family.values()) {
            overlays.put(f, Overlay.EMPTY);
        }
    }

    public long seed() {
        return seed;
    }

    public int incidents() {
        return incidents;
    }

    /** A consistent view of one entity set, unaffected by later mutations. */
    public synchronized EntitySetView view(EntitySetDef set) {
        Family family = Family.ofEntitySet(set.name());
        return new EntitySetView(set, family.baseCount(incidents), overlays.get(family));
    }

    /** The id of row {@code index} of the set (whether or not that row exists). */
    public UUID id(String entitySet, int index) {
        return factory.id(Family.ofEntitySet(entitySet), index);
    }

    /**
     * The row index whose id in {@code entitySet}'s family is {@code id}, or -1 when no index of that family has
     * this id. Any index counts, whether the row exists, was deleted or lies beyond the set's end (dangling
     * references use the indices just past the generated rows). Takes no lock: ids depend on the seed alone.
     */
    public int locate(String entitySet, UUID id) {
        return factory.locate(Family.ofEntitySet(entitySet), id);
    }

    /** How many generated rows the set has before any mutation. */
    public int baseCount(String entitySet) {
        return Family.ofEntitySet(entitySet).baseCount(incidents);
    }

    /**
     * One batch of changes to the family of {@code entitySet}: {@code create} new rows, {@code update} existing
     * rows (a new version with a later modificationDate), {@code delete} existing rows (hard deletes). Every row
     * the batch touches carries the batch's time, to the second.
     */
    public synchronized Mutation mutate(String entitySet, int create, int update, int delete) {
        return mutate(entitySet, create, update, delete, false);
    }

    /**
     * Like {@link #mutate(String, int, int, int)}; with {@code sameSecondAsPrevious}, the rows this batch touches get
     * the previous batch's modificationDate: changes committed in the same second as rows a reader already saw, as
     * happens when a run reads while TOPdesk writes.
     */
    public synchronized Mutation mutate(String entitySet, int create, int update, int delete, boolean sameSecondAsPrevious) {
        if (create < 0 || update < 0 || delete < 0) {
            throw new IllegalArgumentException("create, update and delete must be >= 0");
        }
        Family family = Family.ofEntitySet(entitySet);
        Overlay old = overlays.get(family);
        int base = family.baseCount(incidents);
        int size = base + old.created();
        int live = size - old.deleted().cardinality();
        if (update + delete > live) {
            throw new IllegalArgumentException(entitySet + " has " + live + " rows; cannot update " + update
                    + " and delete " + delete);
        }
        int batch = ++batches;
        // the stamp is what rows carry: the batch's own time, or the previous batch's
        int stamp = sameSecondAsPrevious && lastStamp > 0 ? lastStamp : batch;
        lastStamp = stamp;
        Rng rng = Rng.of(seed, family.ordinal(), batch, 0xBA7C);
        Set<Integer> updated = pick(rng, update, size, old.deleted(), Set.of());
        Set<Integer> deleted = pick(rng, delete, size, old.deleted(), updated);

        int[] createdIn = Arrays.copyOf(old.createdIn(), old.created() + create);
        Arrays.fill(createdIn, old.created(), createdIn.length, stamp);
        Map<Integer, Integer> versions = new HashMap<>(old.versions());
        List<Integer> createdIndices = new ArrayList<>();
        for (int i = size; i < size + create; i++) {
            versions.put(i, stamp);
            createdIndices.add(i);
        }
        for (int i : updated) {
            versions.put(i, stamp);
        }
        BitSet gone = (BitSet) old.deleted().clone();
        deleted.forEach(gone::set);
        overlays.put(family, new Overlay(createdIn, Map.copyOf(versions), gone, old.names()));
        return new Mutation(entitySet, batch, batchInstant(stamp), ids(family, createdIndices),
                ids(family, updated), ids(family, deleted));
    }

    /** Gives row {@code id} of a set with a {@code name} property a new name (and, where it has one, a new modificationDate). */
    public synchronized Mutation rename(String entitySet, UUID id, String newName) {
        if (!TenantSchema.get(entitySet).has("name")) {
            throw new IllegalArgumentException(entitySet + " has no name to rename");
        }
        Family family = Family.ofEntitySet(entitySet);
        Overlay old = overlays.get(family);
        int size = family.baseCount(incidents) + old.created();
        for (int i = 0; i < size; i++) {
            if (!old.deleted().get(i) && factory.id(family, i).equals(id)) {
                int batch = ++batches;
                lastStamp = batch;
                Map<Integer, Integer> versions = new HashMap<>(old.versions());
                versions.put(i, batch);
                Map<Integer, String> names = new HashMap<>(old.names());
                names.put(i, newName);
                overlays.put(family, new Overlay(old.createdIn(), Map.copyOf(versions), old.deleted(), Map.copyOf(names)));
                return new Mutation(entitySet, batch, batchInstant(batch), List.of(), List.of(id), List.of());
            }
        }
        throw new IllegalArgumentException(entitySet + " has no row with id " + id);
    }

    private static OffsetDateTime batchInstant(int batch) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(SimulatedClock.batchTime(batch)), ZoneOffset.UTC);
    }

    private List<UUID> ids(Family family, Iterable<Integer> indices) {
        List<UUID> ids = new ArrayList<>();
        for (int i : indices) {
            ids.add(factory.id(family, i));
        }
        return ids;
    }

    private static Set<Integer> pick(Rng rng, int n, int size, BitSet deleted, Set<Integer> taken) {
        Set<Integer> picked = new LinkedHashSet<>();
        while (picked.size() < n) {
            int i = rng.nextInt(size);
            if (!deleted.get(i) && !taken.contains(i)) {
                picked.add(i);
            }
        }
        return picked;
    }

    /** What one mutation batch did; the ids are those of the family's rows. */
    public record Mutation(String entitySet, int batch, OffsetDateTime modificationDate, List<UUID> created,
                           List<UUID> updated, List<UUID> deleted) {
    }

    /** One entity set as of one moment: rows by index, from 0 to {@link #size()}, deleted ones absent. */
    public final class EntitySetView {
        private final EntitySetDef set;
        private final int base;
        private final Overlay overlay;

        private EntitySetView(EntitySetDef set, int base, Overlay overlay) {
            this.set = set;
            this.base = base;
            this.overlay = overlay;
        }

        public EntitySetDef set() {
            return set;
        }

        /** One past the greatest row index; some indices below it may be deleted. */
        public int size() {
            return base + overlay.created();
        }

        /** How many of the rows are generated ones (indices below); the others were created by mutations. */
        int baseCount() {
            return base;
        }

        Overlay overlay() {
            return overlay;
        }

        /** The family's row index of {@code id} (see {@link TenantData#locate}), or -1. */
        int locate(UUID id) {
            return TenantData.this.locate(set.name(), id);
        }

        /** Row {@code index}, or null when it was deleted. */
        public Row row(int index) {
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException(set.name() + " row " + index + " of " + size());
            }
            if (overlay.deleted().get(index)) {
                return null;
            }
            int createdIn = index >= base ? overlay.createdIn()[index - base] : 0;
            return new Row(set, factory.values(set.name(), index, createdIn, overlay.version(index),
                    overlay.names().get(index)));
        }

        /** Every live row, in index order. For tests and small sets; large sets are served page by page. */
        public List<Row> rows() {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < size(); i++) {
                Row r = row(i);
                if (r != null) {
                    rows.add(r);
                }
            }
            return rows;
        }
    }
}
