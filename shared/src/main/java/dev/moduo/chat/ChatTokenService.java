package dev.moduo.chat;

import dev.moduo.auth.Caller;
import dev.moduo.core.Deadline;
import dev.moduo.core.Json;
import dev.moduo.stream.StreamToken;
import dev.moduo.stream.StreamTokenIssuer;
import dev.moduo.user.UserProfile;
import dev.moduo.user.UserService;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/chats/token}: a short-lived Stream user token and what the client shows beside it. */
@Singleton
public class ChatTokenService {

    private final UserService users;
    private final StreamTokenIssuer tokens;

    public ChatTokenService(UserService users, StreamTokenIssuer tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    public Map<String, Object> issue(Caller caller, Deadline deadline) {
        return issue(users.ensure(caller), deadline);
    }

    /** For a user whose record the caller has just read (the limiter's). */
    public Map<String, Object> issue(UserProfile user, Deadline deadline) {
        StreamToken token = tokens.issue(user.clerkId(), deadline);
        String avatar = user.profileImageUrl() == null ? "" : user.profileImageUrl();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("streamToken", token.token());
        body.put("userClerkId", user.clerkId());
        body.put("username", user.name());
        // The web client reads userAvatarUrl; the design notes call it avatar. Both carry the same value.
        body.put("userAvatarUrl", avatar);
        body.put("avatar", avatar);
        body.put("apiKey", token.apiKey());
        body.put("expiresAt", Json.isoMillis(token.expiresAt()));
        return body;
    }
}
