package io.tdwarehouse.source;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmProperty;

/**
 * The tenant's entity sets and their properties' types, from {@code $metadata} parsed by Olingo's reader.
 * Type names are CSDL's ({@code Edm.Guid}, {@code Edm.DateTimeOffset}, ...).
 */
public final class FeedMetadata {
    private final Map<String, Map<String, String>> sets;

    private FeedMetadata(Map<String, Map<String, String>> sets) {
        this.sets = sets;
    }

    public static FeedMetadata parse(byte[] csdl) {
        Edm edm;
        try {
            edm = ODataClientFactory.getClient().getReader().readMetadata(new ByteArrayInputStream(csdl));
        } catch (RuntimeException e) {
            throw new FeedException(FeedException.Kind.PROTOCOL, "the feed's $metadata is not CSDL that Olingo can read: "
                    + e.getMessage(), e);
        }
        if (edm.getEntityContainer() == null) {
            throw new FeedException(FeedException.Kind.PROTOCOL, "the feed's $metadata has no entity container");
        }
        Map<String, Map<String, String>> sets = new LinkedHashMap<>();
        for (EdmEntitySet set : edm.getEntityContainer().getEntitySets()) {
            EdmEntityType type = set.getEntityType();
            Map<String, String> properties = new LinkedHashMap<>();
            for (String name : type.getPropertyNames()) {
                EdmProperty p = type.getStructuralProperty(name);
                if (p != null && p.isPrimitive() && !p.isCollection()) {
                    properties.put(name, p.getType().getFullQualifiedName().getFullQualifiedNameAsString());
                }
            }
            sets.put(set.getName(), properties);
        }
        return new FeedMetadata(sets);
    }

    public Map<String, Map<String, String>> entitySets() {
        return sets;
    }

    public boolean hasEntitySet(String name) {
        return sets.containsKey(name);
    }

    /** The CSDL type of a property, or null when the set or the property is absent. */
    public String typeOf(String entitySet, String property) {
        Map<String, String> properties = sets.get(entitySet);
        return properties == null ? null : properties.get(property);
    }
}
