package dev.moduo.session;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Who may work on a session's unfinished steps, and until when. Stored as {@code lease: {owner, until}}
 * on the session document. A lease that has run out is held by nobody: its holder died or overran,
 * and the next cleanup run may take the work over. Holders change the document only through updates
 * conditional on still owning the lease, so a late holder cannot undo what a newer one did.
 */
public record Lease(String owner, Instant until) {

    /** A holder's name: what it is ({@code create}, {@code cleanup}) and a random id for this piece of work. */
    public static String newOwner(String kind) {
        return kind + ":" + UUID.randomUUID();
    }

    public static Lease of(String owner, Instant now, Duration length) {
        return new Lease(owner, now.plus(length));
    }
}
