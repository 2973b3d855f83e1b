package dev.moduo.local.migrate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.moduo.core.Json;
import dev.moduo.logging.UriCredentials;
import dev.moduo.migration.ExpressMigration;
import dev.moduo.migration.MigrationEndpoint;
import dev.moduo.migration.MigrationInterrupted;
import dev.moduo.migration.MigrationSummary;
import dev.moduo.mongo.MongoFactory;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code java -jar moduo-local.jar migrate-express --from URI --to URI [--dry-run]}: copies the Express app's users
 * and sessions into this backend's database ({@link ExpressMigration}) and prints one JSON report. The connection
 * strings may carry passwords: they may come from the environment instead of the command line, and they are
 * never printed (the report names hosts and databases only).
 */
public final class MigrateExpressCommand {

    public static final String NAME = "migrate-express";
    public static final int DONE = 0;
    /** Stopped part-way (MongoDB failed): what was copied is in place; run it again to complete. */
    public static final int INTERRUPTED = 1;
    /** Nothing was read or written: the options are not usable. */
    public static final int NOT_RUN = 2;

    static final String FROM_VARIABLE = "MODUO_MIGRATE_FROM";
    static final String TO_VARIABLE = "MODUO_MIGRATE_TO";

    public static final String USAGE = """
            Usage: java -jar moduo-local.jar migrate-express --from <uri> --to <uri> [--dry-run]

              Copies the Express app's users and sessions into this backend's database, keeping their _ids.
              The source is only read. Safe to run again: nothing is copied twice, and a run that stopped
              part-way is completed by the next.

              --from <uri>   the Express app's MongoDB, with its database: mongodb+srv://.../<express db>
                             (or the environment variable %s, which keeps the password off the command line)
              --to <uri>     this backend's MongoDB, with its database (MONGODB_DATABASE, default moduo)
                             (or %s); must not be the same database as --from
              --dry-run      read only, and report what a run would do

              Prints one JSON report: per collection read, copied, alreadyPresent, refreshed, keptChangedHere,
              presentWithOtherId, skipped (by reason), notes; exit 0 done, 1 stopped part-way, 2 not run."""
            .formatted(FROM_VARIABLE, TO_VARIABLE);

    private final Map<String, String> environment;
    private final Consumer<String> out;
    private final Consumer<String> err;
    private final Clock clock;

    MigrateExpressCommand(Map<String, String> environment, Consumer<String> out, Consumer<String> err, Clock clock) {
        this.environment = environment;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** The arguments after {@code migrate-express}. */
    public static void main(String[] args) {
        System.exit(new MigrateExpressCommand(System.getenv(), System.out::println, System.err::println, Clock.systemUTC())
                .run(args));
    }

    int run(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.accept(USAGE);
            return DONE;
        }
        MigrationEndpoint from;
        MigrationEndpoint to;
        boolean dryRun = false;
        try {
            String fromUri = environment.get(FROM_VARIABLE);
            String toUri = environment.get(TO_VARIABLE);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--from" -> fromUri = value(args, ++i, "--from");
                    case "--to" -> toUri = value(args, ++i, "--to");
                    case "--dry-run" -> dryRun = true;
                    // Not echoed: a mistyped option may be followed by, or be, a connection string.
                    default -> throw new IllegalArgumentException("Unknown option at position " + (i + 1));
                }
            }
            from = MigrationEndpoint.parse("--from", fromUri);
            to = MigrationEndpoint.parse("--to", toUri);
            if (from.sameDatabaseAs(to)) {
                throw new IllegalArgumentException("--from and --to are the same database (" + from + "): the migration"
                        + " copies into another database, so that the Express app keeps its own; use another database"
                        + " name for this backend, on the same cluster if you like");
            }
        } catch (IllegalArgumentException e) {
            err.accept(UriCredentials.redact(e.getMessage()));
            err.accept(USAGE);
            return NOT_RUN;
        }
        err.accept((dryRun ? "Dry run: reading " : "Copying ") + "the Express app's users and sessions from " + from
                + " into " + to);
        try (MongoClient source = MongoClients.create(MongoFactory.clientSettings(from.connectionString().getConnectionString()));
             MongoClient target = MongoClients.create(MongoFactory.clientSettings(to.connectionString().getConnectionString()))) {
            ExpressMigration migration = new ExpressMigration(source.getDatabase(from.database()),
                    target.getDatabase(to.database()), clock, ExpressMigration.Progress.NONE);
            MigrationSummary summary;
            try {
                summary = migration.run(dryRun);
            } catch (MigrationInterrupted e) {
                out.accept(report(e.summarySoFar(), from, to));
                err.accept("Stopped part-way: " + UriCredentials.redact(String.valueOf(e.getCause().getMessage()))
                        + ". What was copied is in place; run the same command again to complete it.");
                return INTERRUPTED;
            }
            out.accept(report(summary, from, to));
            return DONE;
        }
    }

    private static String report(MigrationSummary summary, MigrationEndpoint from, MigrationEndpoint to) {
        var json = summary.toJson();
        json.put("source", from.toString());
        json.put("target", to.toString());
        return UriCredentials.redact(Json.write(json));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
