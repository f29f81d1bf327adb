package io.tdwarehouse.simulator.query;

/**
 * A malformed or unsupported system query option ({@code $filter}, ...). The server answers it with HTTP 400
 * and this exception's message, which names the option and the problem.
 */
public class QueryOptionException extends RuntimeException {

    public QueryOptionException(String message) {
        super(message);
    }
}
