package dev.moduo.testing;

import dev.moduo.session.Session;
import dev.moduo.session.SessionRepository;
import dev.moduo.session.SessionStatus;
import dev.moduo.stream.testing.StandInCall;
import dev.moduo.stream.testing.StandInChannel;
import dev.moduo.stream.testing.StreamStandIn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * Whether MongoDB and the Stream stand-in agree, as they must once the cleanup has run: no session
 * stuck half-way, no call or channel without an active session (but the ended, kept call of a recorded
 * session, whose delete waits for its recordings), no session without its call and channel, nobody in a
 * call or channel twice or without a seat, no recording destroyed while a user could still have it.
 */
public final class Convergence {

    private Convergence() {
    }

    /** Every disagreement found, described; empty when the state is consistent. */
    public static List<String> problems(FunctionTestEnvironment env) {
        List<String> problems = new ArrayList<>();
        StreamStandIn stream = env.stream();
        Map<String, Session> activeByCall = new HashMap<>();
        Set<String> keptCalls = new HashSet<>();
        SessionRepository sessions = new SessionRepository(env.mongo().database());
        for (Document document : env.mongo().database().getCollection(SessionRepository.COLLECTION).find()) {
            Session session = sessions.findById(document.getObjectId("_id")).orElseThrow();
            String name = "session " + session.id().toHexString();
            if (session.status() == SessionStatus.CREATING) {
                problems.add(name + " is still creating");
            }
            if (session.teardownHeld()) {
                keptCalls.add(session.callId());
                checkKept(session, name, stream, problems);
            } else if (session.teardownPending()) {
                problems.add(name + " still owes its Stream teardown");
            }
            if (document.get("lease") != null) {
                problems.add(name + " is still leased: " + document.get("lease"));
            }
            if (session.status() == SessionStatus.ACTIVE) {
                activeByCall.put(session.callId(), session);
                checkActive(session, name, stream, problems);
            }
            if (session.status() == SessionStatus.COMPLETED && !session.teardownHeld()) {
                if (stream.call(session.callId()).filter(call -> !call.deleted()).isPresent()) {
                    problems.add(name + " is completed but its call still exists");
                }
                if (stream.channel(session.callId()).isPresent()) {
                    problems.add(name + " is completed but its channel still exists");
                }
            }
        }
        for (StandInCall call : stream.calls()) {
            if (!call.deleted() && !activeByCall.containsKey(call.id()) && !keptCalls.contains(call.id())) {
                problems.add("orphan call " + call.id() + " (no active session)");
            }
        }
        for (StandInChannel channel : stream.channels()) {
            if (!activeByCall.containsKey(channel.id())) {
                problems.add("orphan channel " + channel.id() + " (no active session)");
            }
        }
        stream.violations().forEach(violation -> problems.add("Stream API violation: " + violation));
        stream.recordingsLost().forEach(lost -> problems.add("recording lost: " + lost));
        return problems;
    }

    /** A recorded session's call after the end: ended for everyone, nobody in it, kept; its channel gone. */
    private static void checkKept(Session session, String name, StreamStandIn stream, List<String> problems) {
        Optional<StandInCall> call = stream.call(session.callId()).filter(found -> !found.deleted());
        if (call.isEmpty()) {
            problems.add(name + " holds its call's delete but the call is gone");
        } else if (!call.get().ended() || !call.get().participants().isEmpty()) {
            problems.add(name + " is completed but its kept call was never ended");
        }
        if (stream.channel(session.callId()).isPresent()) {
            problems.add(name + " is completed but its channel still exists");
        }
    }

    private static void checkActive(Session session, String name, StreamStandIn stream, List<String> problems) {
        Set<String> seated = new LinkedHashSet<>();
        seated.add(session.hostId());
        if (session.participantId() != null) {
            seated.add(session.participantId());
            if (!session.participantInStream()) {
                problems.add(name + " has a participant whose Stream membership never finished");
            }
        }
        Optional<StandInCall> call = stream.call(session.callId()).filter(c -> !c.deleted());
        if (call.isEmpty()) {
            problems.add(name + " is active without a call");
        } else {
            List<String> members = call.get().memberIds();
            if (new HashSet<>(members).size() != members.size()) {
                problems.add(name + ": a call member is listed twice " + members);
            }
            if (!new HashSet<>(members).equals(seated)) {
                problems.add(name + ": call members " + members + " are not the seats " + seated);
            }
            if (call.get().ended()) {
                problems.add(name + " is active but its call has ended");
            }
        }
        Optional<StandInChannel> channel = stream.channel(session.callId());
        if (channel.isEmpty()) {
            problems.add(name + " is active without a channel");
        } else {
            List<String> members = channel.get().members();
            if (new HashSet<>(members).size() != members.size()) {
                problems.add(name + ": a channel member is listed twice " + members);
            }
            if (!new HashSet<>(members).equals(seated)) {
                problems.add(name + ": channel members " + members + " are not the seats " + seated);
            }
        }
    }
}
