package io.tdwarehouse.run;

/** More rows were rejected than the run's threshold allows: the run fails and the warehouse stays as it was. */
public final class RejectsExceededException extends RuntimeException {
    public RejectsExceededException(String message) {
        super(message);
    }
}
