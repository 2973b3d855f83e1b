package dev.moduo.session;

import dev.moduo.core.Json;
import dev.moduo.user.PublicUser;
import dev.moduo.user.UserProfile;
import dev.moduo.user.UserRepository;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns stored sessions into their wire form, populating users with one query per response. */
@Singleton
public class SessionPresenter {

    private final UserRepository users;

    public SessionPresenter(UserRepository users) {
        this.users = users;
    }

    /** One session with its presence beside it, as the single-session routes answer. */
    public SessionDetail detail(Session session) {
        return new SessionDetail(present(List.of(session)).get(0), SessionPresence.of(session));
    }

    /** The session of a user whose stored profile the caller already has (a create's host): no read for it. */
    public SessionDetail detail(Session session, UserProfile known) {
        if (known.id() != null && session.hostId().equals(known.clerkId()) && session.participantId() == null) {
            return new SessionDetail(view(session, Map.of(known.clerkId(), known)), SessionPresence.of(session));
        }
        return detail(session);
    }

    public List<SessionView> present(List<Session> sessions) {
        Set<String> userIds = new LinkedHashSet<>();
        for (Session session : sessions) {
            userIds.add(session.hostId());
            if (session.participantId() != null) {
                userIds.add(session.participantId());
            }
        }
        Map<String, UserProfile> profiles = users.findByClerkIds(userIds);
        List<SessionView> views = new ArrayList<>(sessions.size());
        for (Session session : sessions) {
            views.add(view(session, profiles));
        }
        return views;
    }

    /** {@code rows} holds up to one more than the page size: its presence means another page follows. */
    public SessionPage page(List<Session> rows, PageRequest page) {
        boolean more = rows.size() > page.limit();
        List<Session> shown = more ? rows.subList(0, page.limit()) : rows;
        String next = more ? PageRequest.cursorAfter(shown.get(shown.size() - 1).id()) : null;
        return new SessionPage(present(shown), next);
    }

    private static SessionView view(Session session, Map<String, UserProfile> profiles) {
        return new SessionView(
                session.id().toHexString(),
                session.problemTitle(),
                session.difficulty().wire(),
                user(session.hostId(), profiles),
                session.participantId() == null ? null : user(session.participantId(), profiles),
                session.status() == SessionStatus.COMPLETED ? "completed" : "active",
                session.callId(),
                format(session.createdAt()),
                format(session.updatedAt()),
                format(session.endedAt()),
                session.endedReason());
    }

    private static PublicUser user(String clerkId, Map<String, UserProfile> profiles) {
        UserProfile profile = profiles.get(clerkId);
        return profile == null ? PublicUser.deleted(clerkId) : PublicUser.of(profile);
    }

    private static String format(Instant instant) {
        return Json.isoMillis(instant);
    }
}
