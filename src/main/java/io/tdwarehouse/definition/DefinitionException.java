package io.tdwarehouse.definition;

/** A pipeline definition that cannot be used: malformed, or not matching the tenant's feed or the warehouse. */
public class DefinitionException extends RuntimeException {
    public DefinitionException(String message) {
        super(message);
    }
}
