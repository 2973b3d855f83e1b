package dev.moduo.local.streamsetup;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.secrets.SecretValues;
import dev.moduo.secrets.SecretsManagerReader;
import dev.moduo.secrets.SecretsManagerStreamCredentials;
import dev.moduo.secrets.StreamCredentialsFactory;
import dev.moduo.stream.EnvStreamCredentials;
import dev.moduo.stream.StreamAppSetup;
import dev.moduo.stream.StreamAppSetupReport;
import dev.moduo.stream.StreamCredentialsSource;
import dev.moduo.stream.StreamHttp;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code java -jar moduo-local.jar stream-setup}: sets the deployment's Stream app up for the room lock
 * ({@link StreamAppSetup}) and prints what it changed as one JSON line. The deployed cleanup does the same on
 * its first run in each environment; this is for doing it (or checking it) by hand, before the first session.
 */
public final class StreamSetupCommand {

    public static final String NAME = "stream-setup";
    public static final int DONE = 0;
    /** Stream failed or refused: what was written is whole, and running it again completes the set-up. */
    public static final int FAILED = 1;
    public static final int NOT_RUN = 2;
    static final Duration BUDGET = Duration.ofSeconds(30);

    public static final String USAGE = """
            Usage: java -jar moduo-local.jar stream-setup

              Locks the Stream app for Moduo's 1:1 rooms: on the default call type, takes join-call and create-call
              (and join-ended-call, update/remove-call-member, end-call) from user and guest and gives join-call to
              call_member and admin; on the messaging channel type, takes create-channel from user; turns guest
              user creation off. Never loosens a stricter set-up; a second run changes nothing.

              Credentials: STREAM_SECRET_ID (a Secrets Manager secret {"apiKey", "apiSecret"}, read with the
              usual AWS credentials and AWS_REGION), else STREAM_API_KEY and STREAM_API_SECRET. STREAM_BASE_URL
              overrides Stream's address.

              Prints one JSON report: changed, grants [{scope, role, added, removed}], guest_user_creation_turned_off;
              exit 0 done, 1 Stream failed (run it again), 2 not run.""";

    private final Map<String, String> environment;
    private final Consumer<String> out;
    private final Consumer<String> err;

    StreamSetupCommand(Map<String, String> environment, Consumer<String> out, Consumer<String> err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    /** When the runner's first argument is {@value #NAME}: runs with the rest and exits; otherwise returns. */
    public static void runAndExitIfNamed(String[] args) {
        if (args.length > 0 && args[0].equals(NAME)) {
            main(Arrays.copyOfRange(args, 1, args.length));
        }
    }

    /** The arguments after {@code stream-setup}. */
    public static void main(String[] args) {
        System.exit(new StreamSetupCommand(System.getenv(), System.out::println, System.err::println).run(args));
    }

    int run(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.accept(USAGE);
            return DONE;
        }
        if (args.length > 0) {
            err.accept("stream-setup takes no arguments: " + String.join(" ", args));
            err.accept(USAGE);
            return NOT_RUN;
        }
        Settings settings = Settings.of(environment);
        boolean fromSecretsManager = settings.get(StreamCredentialsFactory.SECRET_ID_SETTING).isPresent();
        if (!fromSecretsManager && (settings.get(EnvStreamCredentials.API_KEY).isEmpty()
                || settings.get(EnvStreamCredentials.API_SECRET).isEmpty())) {
            err.accept("Set STREAM_SECRET_ID, or STREAM_API_KEY and STREAM_API_SECRET.");
            return NOT_RUN;
        }
        try (SecretsManagerReader reader = new SecretsManagerReader(settings,
                () -> DefaultCredentialsProvider.builder().build())) {
            StreamCredentialsSource credentials = new SecretValues(settings, reader, Clock.systemUTC())
                    .fromSecretsManager(StreamCredentialsFactory.SECRET_ID_SETTING)
                    .<StreamCredentialsSource>map(SecretsManagerStreamCredentials::new)
                    .orElseGet(() -> new EnvStreamCredentials(settings));
            StreamAppSetupReport report = new StreamAppSetup(new StreamHttp(credentials, settings)).run(Deadline.after(BUDGET));
            out.accept(report.toJson().toString());
            err.accept(report.changed() ? "Stream app set up for the room lock." : "Stream app was already locked: nothing changed.");
            return DONE;
        } catch (RuntimeException e) {
            // Stream's answer, or the secret's name: never a secret's value.
            err.accept("Stream app set-up failed: " + e.getMessage());
            return FAILED;
        }
    }
}
