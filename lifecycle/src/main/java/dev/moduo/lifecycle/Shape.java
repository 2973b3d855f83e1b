package dev.moduo.lifecycle;

/**
 * How Lambda starts the execution environment, as {@code AWS_LAMBDA_INITIALIZATION_TYPE} tells the runtime.
 *
 * <p>{@link #SNAP_START}: the runtime interface client runs the CRaC {@code beforeCheckpoint} hooks after
 * constructing the handler, asks the Runtime API for {@code restore/next}, and runs {@code afterRestore}
 * when it answers; the function gets container credentials only, never the access-key variables.
 */
public enum Shape {
    ON_DEMAND("on-demand"),
    SNAP_START("snap-start");

    private final String initializationType;

    Shape(String initializationType) {
        this.initializationType = initializationType;
    }

    /** The value of {@code AWS_LAMBDA_INITIALIZATION_TYPE}. */
    public String initializationType() {
        return initializationType;
    }

    @Override
    public String toString() {
        return initializationType;
    }
}
