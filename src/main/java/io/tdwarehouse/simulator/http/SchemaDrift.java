package io.tdwarehouse.simulator.http;

import io.tdwarehouse.simulator.tenant.TenantSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes to the tenant's {@code $metadata}, as a TOPdesk upgrade or a changed permission would make them: properties
 * and entity sets added, removed or retyped (types as CSDL names, e.g. {@code Edm.String},
 * {@code Collection(Edm.String)}). In-process only, for tests ({@link SimulatorServer#schemaDrift()}).
 *
 * <p>Only the CSDL changes; the rows served do not: generated rows keep their properties and types, and an added
 * entity set answers 404. To serve rows that carry an added property, add them as {@link RawRows}.
 */
public final class SchemaDrift {
    private final Map<String, Map<String, String>> added = new LinkedHashMap<>();
    private final Map<String, Set<String>> removed = new HashMap<>();
    private final Map<String, Map<String, String>> retyped = new HashMap<>();
    private final Map<String, Map<String, String>> addedSets = new LinkedHashMap<>();
    private final Set<String> removedSets = new HashSet<>();

    /** Adds a property to an entity set's type. */
    public synchronized SchemaDrift addProperty(String entitySet, String property, String type) {
        TenantSchema.get(entitySet);
        added.computeIfAbsent(entitySet, k -> new LinkedHashMap<>()).put(property, type);
        return this;
    }

    /** Removes a property from an entity set's type. */
    public synchronized SchemaDrift removeProperty(String entitySet, String property) {
        checkProperty(entitySet, property);
        removed.computeIfAbsent(entitySet, k -> new HashSet<>()).add(property);
        return this;
    }

    /** Gives a property another type (without the facets of the old one). */
    public synchronized SchemaDrift retype(String entitySet, String property, String type) {
        checkProperty(entitySet, property);
        retyped.computeIfAbsent(entitySet, k -> new HashMap<>()).put(property, type);
        return this;
    }

    /** Adds an entity set (its type named after it) with a key {@code id} of Edm.Guid and these properties. */
    public synchronized SchemaDrift addEntitySet(String name, Map<String, String> properties) {
        if (TenantSchema.find(name) != null) {
            throw new IllegalArgumentException("the tenant already has an entity set " + name);
        }
        addedSets.put(name, new LinkedHashMap<>(properties));
        return this;
    }

    /** Removes an entity set from $metadata. */
    public synchronized SchemaDrift removeEntitySet(String name) {
        TenantSchema.get(name);
        removedSets.add(name);
        return this;
    }

    /** Back to the modelled tenant's $metadata. */
    public synchronized void clear() {
        added.clear();
        removed.clear();
        retyped.clear();
        addedSets.clear();
        removedSets.clear();
    }

    synchronized boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && retyped.isEmpty() && addedSets.isEmpty() && removedSets.isEmpty();
    }

    synchronized boolean removesSet(String entitySet) {
        return removedSets.contains(entitySet);
    }

    synchronized boolean removes(String entitySet, String property) {
        return removed.getOrDefault(entitySet, Set.of()).contains(property);
    }

    /** The type that replaces a property's, or null when it keeps its own. */
    synchronized String retypeOf(String entitySet, String property) {
        return retyped.getOrDefault(entitySet, Map.of()).get(property);
    }

    synchronized Map<String, String> addedProperties(String entitySet) {
        return new LinkedHashMap<>(added.getOrDefault(entitySet, Map.of()));
    }

    synchronized List<Map.Entry<String, Map<String, String>>> addedSets() {
        List<Map.Entry<String, Map<String, String>>> out = new ArrayList<>();
        addedSets.forEach((k, v) -> out.add(Map.entry(k, new LinkedHashMap<>(v))));
        return out;
    }

    private static void checkProperty(String entitySet, String property) {
        if (TenantSchema.get(entitySet).properties().stream().noneMatch(p -> p.name().equals(property))) {
            throw new IllegalArgumentException("entity set " + entitySet + " has no property " + property);
        }
    }
}
