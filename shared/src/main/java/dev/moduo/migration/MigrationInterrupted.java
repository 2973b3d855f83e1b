package dev.moduo.migration;

/** A run stopped part-way (MongoDB failed): what it did is in {@link #summarySoFar()}; running again completes it. */
public final class MigrationInterrupted extends RuntimeException {

    private final transient MigrationSummary summarySoFar;

    public MigrationInterrupted(MigrationSummary summarySoFar, RuntimeException cause) {
        super("The migration stopped part-way; what it copied is in place, and running it again completes it", cause);
        this.summarySoFar = summarySoFar;
    }

    public MigrationSummary summarySoFar() {
        return summarySoFar;
    }
}
