package dev.moduo.migration;

import com.mongodb.client.MongoDatabase;
import dev.moduo.session.Session;
import dev.moduo.session.SessionRepository;
import dev.moduo.session.SessionStatus;
import dev.moduo.user.DeletedUsers;
import dev.moduo.user.UserProfile;
import dev.moduo.user.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Copies the Express app's users and sessions into this backend's database, in this backend's shapes
 * ({@link ExpressDocuments}), keeping their {@code _id}s so that links such as {@code /session/<id>} and the ids
 * the web client has seen stay valid. Users first: a session names its people by Clerk id here, by
 * {@code User} ObjectId there.
 *
 * <p>One-shot, idempotent and resumable: every write is conditional (a user is inserted only if no record of
 * its Clerk id is here, a session only if its {@code _id} is not, or refreshed only while this backend has not
 * changed it), so a second run copies nothing twice, and a run that stopped part-way is completed by running it
 * again. The source is only read. A document that does not fit is counted and named, never fatal.
 */
public final class ExpressMigration {

    public static final String SOURCE = "express";
    public static final int MAX_PROBLEMS_LISTED = 100;

    /** Told after each document written, on the working thread: tests make a run die part-way through here. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (collection, id) -> { };

        void written(String collection, ObjectId id);
    }

    private final ExpressSourceRepository source;
    private final MongoDatabase target;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final DeletedUsers deletedUsers;
    private final Clock clock;
    private final Progress progress;

    public ExpressMigration(MongoDatabase source, MongoDatabase target, Clock clock, Progress progress) {
        this.source = new ExpressSourceRepository(source);
        this.target = target;
        this.users = new UserRepository(target);
        this.sessions = new SessionRepository(target);
        this.deletedUsers = new DeletedUsers(target);
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * Runs the copy; with {@code dryRun} it only reads (the target database is not even created) and reports
     * what it would do. Throws {@link MigrationInterrupted}, carrying the report so far, when MongoDB fails.
     */
    public MigrationSummary run(boolean dryRun) {
        Run run = new Run(dryRun, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        try {
            source.forEachUser(run::user);
            source.forEachSession(run::session);
        } catch (RuntimeException e) {
            throw new MigrationInterrupted(run.summary(false), e);
        }
        return run.summary(true);
    }

    /** One run's state: the counts, and the Clerk ids of the source's users by their ObjectId. */
    private final class Run {

        private final boolean dryRun;
        private final Instant now;
        private final long startedNanos = System.nanoTime();
        private final Tally userTally = new Tally();
        private final Tally sessionTally = new Tally();
        private final List<MigrationSummary.Problem> problems = new ArrayList<>();
        private final Map<ObjectId, String> clerkIds = new HashMap<>();
        private final Map<ObjectId, Optional<String>> clerkIdsHere = new HashMap<>();

        Run(boolean dryRun, Instant now) {
            this.dryRun = dryRun;
            this.now = now;
        }

        void user(Document document) {
            userTally.read++;
            Mapped<UserProfile> mapped = ExpressDocuments.user(document);
            if (mapped.isRefused()) {
                refuse(ExpressSourceRepository.USERS, userTally, document, mapped.problem());
                return;
            }
            UserProfile user = mapped.value();
            clerkIds.put(user.id(), user.clerkId());
            if (deletedUsers.contains(user.clerkId())) {
                // Deleted through this backend's Clerk webhook since the switch: never brought back.
                userTally.skip("deleted here since (Clerk user.deleted)");
                return;
            }
            UserRepository.Copy copy = dryRun ? users.wouldCopyIn(user) : users.copyIn(user, SOURCE, now);
            switch (copy) {
                case COPIED -> {
                    userTally.copied++;
                    if (!user.name().equals(String.valueOf(document.get("name")).strip())) {
                        userTally.note("name repaired (Express stored a missing name part as \"null\")");
                    }
                }
                case ALREADY_PRESENT -> userTally.alreadyPresent++;
                case PRESENT_WITH_OTHER_ID -> userTally.presentWithOtherId++;
                case REFUSED -> refuse(ExpressSourceRepository.USERS, userTally, document,
                        "refused by a unique index here (_id held by another user, or an e-mail index)");
            }
            written(ExpressSourceRepository.USERS, copy == UserRepository.Copy.COPIED, user.id());
        }

        void session(Document document) {
            sessionTally.read++;
            Mapped<Session> mapped = ExpressDocuments.session(document, this::clerkIdOf, now);
            if (mapped.isRefused()) {
                refuse(ExpressSourceRepository.SESSIONS, sessionTally, document, mapped.problem());
                return;
            }
            Session session = mapped.value();
            Instant sourceUpdatedAt = ExpressDocuments.sourceUpdatedAt(document);
            SessionRepository.Copy copy = dryRun ? sessions.wouldCopyIn(session, sourceUpdatedAt)
                    : sessions.copyIn(session, sourceUpdatedAt, SOURCE, now);
            switch (copy) {
                case COPIED, REFRESHED -> {
                    if (copy == SessionRepository.Copy.COPIED) {
                        sessionTally.copied++;
                    } else {
                        sessionTally.refreshed++;
                    }
                    if (isPlaceholder(session.hostId()) || isPlaceholder(session.participantId())) {
                        sessionTally.note("a user deleted in Express kept as " + ExpressDocuments.MISSING_USER_PREFIX + "<ObjectId>");
                    }
                    if (session.teardownPending() && session.status() == SessionStatus.COMPLETED) {
                        sessionTally.note("active with its host deleted in Express: ended as host-deleted, teardown owed");
                    }
                }
                case ALREADY_PRESENT -> sessionTally.alreadyPresent++;
                case CHANGED_HERE -> sessionTally.keptChangedHere++;
                case CALL_ID_TAKEN -> refuse(ExpressSourceRepository.SESSIONS, sessionTally, document,
                        "callId already used by another session here");
            }
            written(ExpressSourceRepository.SESSIONS,
                    copy == SessionRepository.Copy.COPIED || copy == SessionRepository.Copy.REFRESHED, session.id());
        }

        private Optional<String> clerkIdOf(ObjectId userId) {
            String known = clerkIds.get(userId);
            if (known != null) {
                return Optional.of(known);
            }
            // Deleted in Express after an earlier run copied it: this backend's copy still knows its Clerk id.
            return clerkIdsHere.computeIfAbsent(userId,
                    id -> Optional.ofNullable(users.clerkIdsOf(List.of(id)).get(id)));
        }

        private void written(String collection, boolean wrote, ObjectId id) {
            if (wrote && !dryRun) {
                progress.written(collection, id);
            }
        }

        private void refuse(String collection, Tally tally, Document document, String reason) {
            tally.skip(reason);
            if (problems.size() < MAX_PROBLEMS_LISTED) {
                problems.add(new MigrationSummary.Problem(collection, String.valueOf(document.get("_id")), reason));
            }
        }

        MigrationSummary summary(boolean complete) {
            long millis = (System.nanoTime() - startedNanos) / 1_000_000;
            return new MigrationSummary(dryRun, complete, source.databaseName(), target.getName(),
                    userTally.summary(), sessionTally.summary(), List.copyOf(problems), millis);
        }
    }

    private static boolean isPlaceholder(String userId) {
        return userId != null && userId.startsWith(ExpressDocuments.MISSING_USER_PREFIX);
    }

    /** Counts of one collection while a run goes on. */
    private static final class Tally {
        long read;
        long copied;
        long alreadyPresent;
        long refreshed;
        long keptChangedHere;
        long presentWithOtherId;
        private final Map<String, Long> skipped = new TreeMap<>();
        private final Map<String, Long> notes = new TreeMap<>();

        void skip(String reason) {
            skipped.merge(reason, 1L, Long::sum);
        }

        void note(String what) {
            notes.merge(what, 1L, Long::sum);
        }

        CollectionSummary summary() {
            return new CollectionSummary(read, copied, alreadyPresent, refreshed, keptChangedHere, presentWithOtherId,
                    Collections.unmodifiableMap(new TreeMap<>(skipped)),
                    Collections.unmodifiableMap(new TreeMap<>(notes)));
        }
    }
}
