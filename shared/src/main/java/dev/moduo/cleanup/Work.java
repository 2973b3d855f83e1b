package dev.moduo.cleanup;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import dev.moduo.mongo.Documents;
import dev.moduo.session.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import org.bson.conversions.Bson;

/**
 * What the cleanup looks for, in the order it looks: unfinished work first (it is what users can
 * notice), stale sessions last. Each kind is a state some crash or failure leaves behind.
 */
enum Work {

    /**
     * A create that died or failed before its session became active: its Stream side may exist. A
     * create holds its session with a lease; one recorded without a lease is taken for abandoned only
     * once no Lambda could still be working on it.
     */
    ABANDONED_CREATE {
        @Override
        Bson condition(Instant now, Duration staleAfter) {
            return and(eq("status", SessionStatus.CREATING.stored()),
                    or(ne("lease", null), lt("createdAt", Documents.date(now.minus(LONGEST_LAMBDA)))));
        }
    },
    /** An end (by the host, or by the cleanup) whose Stream call and channel may still exist. */
    OWED_TEARDOWN {
        @Override
        Bson condition(Instant now, Duration staleAfter) {
            return and(eq("teardownPending", true), eq("status", SessionStatus.COMPLETED.stored()));
        }
    },
    /** A join whose participant got the seat but whose Stream membership did not finish. */
    UNFINISHED_JOIN {
        @Override
        Bson condition(Instant now, Duration staleAfter) {
            return and(eq("status", SessionStatus.ACTIVE.stored()), ne("participantId", null),
                    ne("participantInStream", true));
        }
    },
    /** An active session nobody has used for {@code staleAfter}. */
    IDLE {
        @Override
        Bson condition(Instant now, Duration staleAfter) {
            return and(eq("status", SessionStatus.ACTIVE.stored()),
                    lt("lastActivityAt", Documents.date(idleSince(now, staleAfter))));
        }
    };

    /** Lambda's maximum timeout. */
    static final Duration LONGEST_LAMBDA = Duration.ofMinutes(15);

    abstract Bson condition(Instant now, Duration staleAfter);

    static Instant idleSince(Instant now, Duration staleAfter) {
        return now.minus(staleAfter);
    }
}
