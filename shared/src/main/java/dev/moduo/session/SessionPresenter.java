package dev.moduo.session;

import dev.moduo.core.Json;
import dev.moduo.user.PublicUser;
import dev.moduo.user.UserProfile;
import dev.moduo.user.UserRepository;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

    /**
     * The session, with the stored profile of one of its users the caller already has (a create's host, a join's
     * participant): only the other user, if any, is read.
     */
    public SessionDetail detail(Session session, UserProfile known) {
        Map<String, UserProfile> profiles = new HashMap<>();
        if (known.id() != null) {
            profiles.put(known.clerkId(), known);
        }
        return new SessionDetail(present(List.of(session), profiles).get(0), SessionPresence.of(session));
    }

    public List<SessionView> present(List<Session> sessions) {
        return present(sessions, new HashMap<>());
    }

    private List<SessionView> present(List<Session> sessions, Map<String, UserProfile> profiles) {
        Set<String> userIds = new LinkedHashSet<>();
        for (Session session : sessions) {
            userIds.add(session.hostId());
            if (session.participantId() != null) {
                userIds.add(session.participantId());
            }
        }
        userIds.removeAll(profiles.keySet());
        if (!userIds.isEmpty()) {
            profiles.putAll(users.findByClerkIds(userIds));
        }
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
