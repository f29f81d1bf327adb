package io.tdwarehouse.warehouse;

/** The warehouse could not be read or written. */
public class WarehouseException extends RuntimeException {
    public WarehouseException(String message, Throwable cause) {
        super(message, cause);
    }

    public WarehouseException(String message) {
        super(message);
    }
}
