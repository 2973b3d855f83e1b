package dev.moduo.snapstart;

/**
 * A bean that can run its code paths before a SnapStart snapshot without changing anything (no write, nothing
 * sent to a service that acts on it), so that their classes are loaded and initialised in the snapshot rather
 * than on the first request after a restore. Priming is best effort: the handler's hook logs a failed
 * {@link #prime()} and goes on, since a version is often published while a dependency is unreachable.
 */
public interface Primable {

    void prime();
}
