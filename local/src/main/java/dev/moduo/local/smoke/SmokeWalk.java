package dev.moduo.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.local.LocalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The walk a host and a guest make through a deployment, each answer checked against the API contract
 * (shared/reference/api-contract.md): no token, create, get, join, join again, the host's join, Stream token,
 * end, get after the end, recent for both. It stops at the first wrong answer; a session it created and did
 * not end is then ended, so a run leaves nothing active behind.
 */
final class SmokeWalk {

    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{24}");
    private static final Pattern CALL_ID = Pattern.compile("[a-z0-9_-]{1,64}");
    static final String ENDED_MESSAGE = "Session ended successfully";

    private final ApiClient api;
    private final ClerkSessionToken host;
    private final ClerkSessionToken guest;
    private final String title;
    private final Consumer<String> out;

    // What the steps learn, in order: each later step checks against it.
    private String sessionId;
    private JsonNode created;
    private boolean ended;
    private Integer lastStatus;

    SmokeWalk(ApiClient api, ClerkSessionToken host, ClerkSessionToken guest, String title, Consumer<String> out) {
        this.api = api;
        this.host = host;
        this.guest = guest;
        this.title = title;
        this.out = out;
    }

    private record Step(String name, String description, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        /** Makes the step's request and checks the answer; returns what to show when it passed. */
        String run();
    }

    WalkResult walk() {
        long start = System.nanoTime();
        List<Step> steps = List.of(
                new Step("unauthenticated", "GET /api/sessions/active without a token", this::unauthenticated),
                new Step("create", "POST /api/sessions as the host", this::create),
                new Step("get", "GET /api/sessions/{id} as the guest", this::get),
                new Step("join", "POST /api/sessions/{id}/join as the guest", this::join),
                new Step("rejoin", "POST /api/sessions/{id}/join as the guest again", this::rejoin),
                new Step("host-join", "POST /api/sessions/{id}/join as the host", this::hostJoin),
                new Step("token", "GET /api/chats/token as the guest", this::token),
                new Step("end", "POST /api/sessions/{id}/end as the host", this::end),
                new Step("ended", "GET /api/sessions/{id} as the guest after the end", this::afterEnd),
                new Step("recent-host", "GET /api/sessions/recent as the host", () -> recent(host)),
                new Step("recent-guest", "GET /api/sessions/recent as the guest", () -> recent(guest)));
        List<StepResult> results = new ArrayList<>();
        boolean failed = false;
        for (Step step : steps) {
            StepResult result = failed ? StepResult.skipped(step.name(), step.description()) : run(step);
            failed |= result.outcome() == StepResult.Outcome.FAIL;
            results.add(result);
            out.accept(result.line());
        }
        Optional<StepResult> cleanup = Optional.empty();
        if (sessionId != null && !ended) {
            StepResult result = run(new Step("cleanup", "POST /api/sessions/{id}/end as the host, ending what this run"
                    + " created", this::cleanup));
            out.accept(result.line());
            cleanup = Optional.of(result);
        }
        return new WalkResult(results, cleanup, sessionId, (System.nanoTime() - start) / 1_000_000);
    }

    private StepResult run(Step step) {
        lastStatus = null;
        long start = System.nanoTime();
        try {
            String detail = step.action().run();
            return new StepResult(step.name(), StepResult.Outcome.PASS, lastStatus, elapsed(start), step.description(), detail);
        } catch (StepFailure failure) {
            return new StepResult(step.name(), StepResult.Outcome.FAIL, lastStatus, elapsed(start), step.description(),
                    failure.getMessage());
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private Answer get(String path, ClerkSessionToken caller) {
        Answer answer = api.get(path, caller);
        lastStatus = answer.status();
        return answer;
    }

    private Answer post(String path, ClerkSessionToken caller, String json) {
        Answer answer = api.post(path, caller, json);
        lastStatus = answer.status();
        return answer;
    }

    // Steps -------------------------------------------------------------------------------------------------

    private String unauthenticated() {
        Answer answer = get("/api/sessions/active", null);
        Expect.status(answer, 401);
        Expect.text(Expect.object(answer.json(), ""), "", "message");
        return "";
    }

    private String create() {
        // Mixed case on purpose: the contract takes difficulty case-insensitively and stores it lower-case.
        String body = LocalJson.MAPPER.createObjectNode().put("problemTitle", title).put("difficulty", "Easy").toString();
        Answer answer = post("/api/sessions", host, body);
        // Whatever else is wrong, a session that was made is ended at the end of the run.
        rememberSessionId(answer);
        Expect.status(answer, 201);
        JsonNode session = session(answer);
        checkSession(session, "session", "active");
        Expect.isNull(session, "session", "participantId");
        created = session;
        return "session " + sessionId + ", call " + session.get("callId").asText();
    }

    private String get() {
        Answer answer = get("/api/sessions/" + sessionId, guest);
        Expect.status(answer, 200);
        JsonNode session = session(answer);
        checkSession(session, "session", "active");
        Expect.isNull(session, "session", "participantId");
        // While a session is active, its object stays still (the web client rejoins the call on any change).
        sameAsCreated(session, List.of());
        return "";
    }

    private String join() {
        Answer answer = post("/api/sessions/" + sessionId + "/join", guest, null);
        Expect.status(answer, 200);
        JsonNode session = session(answer);
        checkSession(session, "session", "active");
        checkUser(session, "session", "participantId", guest);
        sameAsCreated(session, List.of("participantId", "updatedAt"));
        return "participant " + guest.userId();
    }

    private String rejoin() {
        Answer answer = post("/api/sessions/" + sessionId + "/join", guest, null);
        Expect.status(answer, 200);
        JsonNode session = session(answer);
        checkSession(session, "session", "active");
        checkUser(session, "session", "participantId", guest);
        return "";
    }

    private String hostJoin() {
        Answer answer = post("/api/sessions/" + sessionId + "/join", host, null);
        Expect.status(answer, 400);
        return "message \"" + Expect.text(Expect.object(answer.json(), ""), "", "message") + "\"";
    }

    private String token() {
        Answer answer = get("/api/chats/token", guest);
        Expect.status(answer, 200);
        JsonNode body = Expect.object(answer.json(), "");
        String streamToken = Expect.text(body, "", "streamToken");
        JwtParts jwt = JwtParts.read(streamToken).orElseThrow(() -> new StepFailure("streamToken is not a JWT"));
        String algorithm = jwt.header().path("alg").asText();
        if (!algorithm.equals("HS256")) {
            throw new StepFailure("streamToken is signed with " + Expect.show(jwt.header().get("alg")) + ", expected HS256");
        }
        if (!guest.userId().equals(jwt.text("user_id"))) {
            throw new StepFailure("streamToken is for user_id " + Expect.show(jwt.payload().get("user_id"))
                    + ", expected \"" + guest.userId() + "\"");
        }
        if (jwt.seconds("iat") == null) {
            throw new StepFailure("streamToken has no iat");
        }
        Long expiry = jwt.seconds("exp");
        if (expiry == null) {
            throw new StepFailure("streamToken has no exp: Stream tokens must expire");
        }
        Expect.equalText(body, "", "userClerkId", guest.userId());
        Expect.text(body, "", "username");
        String avatar = Expect.string(body, "", "avatar");
        if (!avatar.equals(Expect.string(body, "", "userAvatarUrl"))) {
            throw new StepFailure("avatar and userAvatarUrl differ; both must carry the user's picture");
        }
        Expect.text(body, "", "apiKey");
        Instant expiresAt = Expect.instant(body, "", "expiresAt");
        if (expiresAt.getEpochSecond() != expiry) {
            throw new StepFailure("expiresAt " + Expect.show(body.get("expiresAt")) + " is not the streamToken's exp ("
                    + Instant.ofEpochSecond(expiry) + ")");
        }
        return "a Stream token for " + guest.userId() + " until " + expiresAt;
    }

    private String end() {
        Answer answer = post("/api/sessions/" + sessionId + "/end", host, null);
        Expect.status(answer, 200);
        JsonNode session = session(answer);
        Expect.equalText(answer.json(), "", "message", ENDED_MESSAGE);
        checkSession(session, "session", "completed");
        checkUser(session, "session", "participantId", guest);
        ended = true;
        return "completed";
    }

    private String afterEnd() {
        Answer answer = get("/api/sessions/" + sessionId, guest);
        Expect.status(answer, 200);
        checkSession(session(answer), "session", "completed");
        return "completed";
    }

    private String recent(ClerkSessionToken caller) {
        Answer answer = get("/api/sessions/recent", caller);
        Expect.status(answer, 200);
        JsonNode sessions = Expect.array(Expect.object(answer.json(), ""), "", "sessions");
        for (int i = 0; i < sessions.size(); i++) {
            JsonNode listed = sessions.get(i);
            if (listed.isObject() && sessionId.equals(listed.path("_id").asText())) {
                checkSession(listed, "sessions[" + i + "]", "completed");
                checkUser(listed, "sessions[" + i + "]", "participantId", guest);
                return "lists it, completed";
            }
        }
        throw new StepFailure("sessions does not list session " + sessionId + " (" + sessions.size() + " listed)");
    }

    private String cleanup() {
        Answer answer = post("/api/sessions/" + sessionId + "/end", host, null);
        Expect.status(answer, 200);
        ended = true;
        return "session " + sessionId + " ended";
    }

    // Checks shared by the steps ------------------------------------------------------------------------------

    private void rememberSessionId(Answer answer) {
        try {
            String id = answer.json().path("session").path("_id").asText("");
            if (OBJECT_ID.matcher(id).matches()) {
                sessionId = id;
            }
        } catch (StepFailure notJson) {
            // No id to remember; the status check says what is wrong.
        }
    }

    private static JsonNode session(Answer answer) {
        return Expect.object(Expect.object(answer.json(), ""), "", "session");
    }

    private void checkSession(JsonNode session, String path, String status) {
        String id = Expect.matching(session, path, "_id", OBJECT_ID, "a 24-hex-digit id");
        if (sessionId != null && !id.equals(sessionId)) {
            throw new StepFailure(path + "._id is \"" + id + "\", expected the created session " + sessionId);
        }
        Expect.equalText(session, path, "problemTitle", title);
        Expect.equalText(session, path, "difficulty", "easy");
        Expect.equalText(session, path, "status", status);
        Expect.matching(session, path, "callId", CALL_ID, "at most 64 of a-z, 0-9, _ and -");
        checkUser(session, path, "hostId", host);
        Expect.instant(session, path, "createdAt");
        Expect.instant(session, path, "updatedAt");
    }

    /** A user inside a session, populated, and without an e-mail address (other users see it). */
    private static void checkUser(JsonNode session, String path, String field, ClerkSessionToken who) {
        JsonNode user = Expect.object(session, path, field);
        String userPath = Expect.join(path, field);
        Expect.matching(user, userPath, "_id", OBJECT_ID, "a 24-hex-digit id");
        Expect.equalText(user, userPath, "clerkId", who.userId());
        Expect.text(user, userPath, "name");
        Expect.string(user, userPath, "profileImageUrl");
        Expect.absent(user, userPath, "email", "other users' e-mail addresses must not be shown");
    }

    private void sameAsCreated(JsonNode session, List<String> mayChange) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = created.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!mayChange.contains(field.getKey()) && !field.getValue().equals(session.get(field.getKey()))) {
                throw new StepFailure("session." + field.getKey() + " is " + Expect.show(session.get(field.getKey()))
                        + ", but create answered " + Expect.show(field.getValue()) + ": an active session must stay still");
            }
        }
    }
}
