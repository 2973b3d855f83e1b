package dev.moduo.metrics;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether an invocation is its execution environment's first: one per function instance, which Lambda makes
 * once per environment.
 *
 * <p>Under SnapStart many environments are restored from one snapshot, and whatever this held when the snapshot
 * was taken is in each of them; so a restore arms it again ({@link #restored()}, from the function's CRaC hook),
 * and SnapStart's priming request does not take it. The first invocation after a restore is then a cold start
 * of kind {@link Kind#SNAP_START}, whatever happened before the snapshot.
 */
public final class ColdStart {

    /** How the environment of a cold invocation started, in the words of Lambda's {@code AWS_LAMBDA_INITIALIZATION_TYPE}. */
    public enum Kind {
        /** Built by its INIT phase, no snapshot (also every local and test run). */
        ON_DEMAND("on-demand"),
        /** Restored from a SnapStart snapshot. */
        SNAP_START("snap-start");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final AtomicReference<Kind> pending = new AtomicReference<>(Kind.ON_DEMAND);

    /** The kind of cold start the calling invocation is, or null when it is a warm one; only the first caller gets it. */
    public Kind take() {
        return pending.getAndSet(null);
    }

    /** The environment was restored from a snapshot: its next invocation is a cold start. */
    public void restored() {
        pending.set(Kind.SNAP_START);
    }
}
