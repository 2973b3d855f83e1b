package dev.moduo.snapstart;

/**
 * A bean that holds network connections or fetched secrets, which a SnapStart snapshot must not carry:
 * a connection in a snapshot is dead in every environment restored from it, and a secret read before
 * the snapshot may have been rotated since. The handler's SnapStart hooks call these on every such bean
 * the function has created.
 */
public interface Reconnectable {

    /** Closes or forgets connections (and cached secrets); the next use must make new ones. */
    void beforeSnapshot();

    /** In the restored environment, before its first request; by default the next use reconnects lazily. */
    default void afterRestore() {
    }
}
