package dev.moduo.testing;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.BsonValue;

/**
 * The MongoDB commands a client sent, as the driver reports them before sending ({@link CommandListener}):
 * {@code "findAndModify users"}, {@code "insert sessions"}. Register it in a function's context to count a
 * request's round trips. Connection handshakes and the driver's monitoring do not reach command listeners;
 * {@code createIndexes} (once per environment, on a collection's first use) is left out, so a count is the
 * request's own work.
 */
public final class MongoCommands implements CommandListener {

    private static final Set<String> NOT_A_REQUESTS_WORK = Set.of("createIndexes", "listIndexes", "endSessions");

    private final List<String> sent = new ArrayList<>();

    @Override
    public synchronized void commandStarted(CommandStartedEvent event) {
        if (NOT_A_REQUESTS_WORK.contains(event.getCommandName())) {
            return;
        }
        BsonValue target = event.getCommand().get(event.getCommandName());
        sent.add(event.getCommandName() + (target != null && target.isString() ? " " + target.asString().getValue() : ""));
    }

    /** What was sent since the last call, in order; forgets it. */
    public synchronized List<String> take() {
        List<String> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }
}
