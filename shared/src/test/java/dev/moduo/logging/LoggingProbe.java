package dev.moduo.logging;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micronaut.context.ApplicationContext;
import org.bson.Document;
import org.slf4j.LoggerFactory;

/**
 * Run in a JVM of its own by {@link JsonLinesProviderTest}, so SLF4J binds from scratch on the module's class path:
 * {@code warn} logs one warning through SLF4J's own factory; {@code mongo URI} pings a MongoDB that refuses
 * connections, as a function would; {@code micronaut} starts and stops an application context.
 */
public final class LoggingProbe {

    private LoggingProbe() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "warn" -> LoggerFactory.getLogger("probe").warn("probe warning");
            case "mongo" -> {
                try (MongoClient client = MongoClients.create(args[1])) {
                    client.getDatabase("moduo").runCommand(new Document("ping", 1));
                } catch (MongoException e) {
                    LoggerFactory.getLogger("probe").error("ping failed", e);
                }
            }
            case "micronaut" -> {
                try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).start()) {
                    context.getEnvironment();
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
