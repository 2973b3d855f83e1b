package dev.moduo.local;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How the runner was asked to run. {@code port} null means {@code PORT}, else 3000; {@code template}
 * null means ./template.yaml, else the template the jar was built with; {@code openApi} likewise for the
 * document {@code /_local/docs} shows.
 *
 * @param firstScheduleRunAfter delay before a schedule's first run instead of one period (tests)
 * @param startedAt when start-up began, for the start-up figures; null means when the JVM started
 */
public record RunnerOptions(Integer port, String host, Path dataDirectory, boolean schedules, Path template,
                            Optional<Duration> firstScheduleRunAfter, Instant startedAt, Path web, Path openApi) {

    public static final int DEFAULT_PORT = 3000;
    public static final String USAGE = """
            Usage: java -jar local/target/moduo-local.jar [--port N] [--data DIR] [--web DIR] [--no-schedules] [--template FILE] [--openapi FILE] [--host ADDRESS]
              --port N          port to listen on (default: PORT, else 3000)
              --data DIR        keep the embedded MongoDB's data in DIR across restarts (default: in memory)
              --web DIR         serve the built web client in DIR (e.g. its dist/) on this origin beside /api; a
                                path whose last segment has no file extension gets DIR/index.html
              --no-schedules    do not run the template's Schedule events
              --template FILE   the SAM template to serve (default: ./template.yaml, else the one built into the jar)
              --openapi FILE    the OpenAPI document /_local/docs shows (default: ./openapi.yaml, else the one built
                                into the jar)
              --host ADDRESS    address to listen on (default 127.0.0.1; the development issuer signs
                                anyone in, so think twice before 0.0.0.0)
            Settings are read from the environment under the names template.yaml gives the functions
            (MONGODB_URI, STREAM_API_KEY, STREAM_API_SECRET, CLERK_JWKS_URL, ...); whatever is missing is embedded.
            API docs (Swagger UI) at /_local/docs. Other commands, each with --help:
              invoke FunctionLogicalId --event FILE   run one function once, like sam local invoke
              generate-event http|schedule ...        make an event for invoke (fresh token, signed webhooks)
              smoke --api URL                         check a deployed stack
              stream-setup                            lock a Stream app for Moduo's rooms""";

    public static RunnerOptions defaults() {
        return new RunnerOptions(null, null, null, true, null, Optional.empty(), Instant.now(), null, null);
    }

    public RunnerOptions withPort(int value) {
        return new RunnerOptions(value, host, dataDirectory, schedules, template, firstScheduleRunAfter, startedAt, web, openApi);
    }

    public RunnerOptions withTemplate(Path value) {
        return new RunnerOptions(port, host, dataDirectory, schedules, value, firstScheduleRunAfter, startedAt, web, openApi);
    }

    public RunnerOptions withDataDirectory(Path value) {
        return new RunnerOptions(port, host, value, schedules, template, firstScheduleRunAfter, startedAt, web, openApi);
    }

    public RunnerOptions withSchedules(boolean value) {
        return new RunnerOptions(port, host, dataDirectory, value, template, firstScheduleRunAfter, startedAt, web, openApi);
    }

    public RunnerOptions withFirstScheduleRunAfter(Duration value) {
        return new RunnerOptions(port, host, dataDirectory, schedules, template, Optional.of(value), startedAt, web, openApi);
    }

    public RunnerOptions withStartedAt(Instant value) {
        return new RunnerOptions(port, host, dataDirectory, schedules, template, firstScheduleRunAfter, value, web, openApi);
    }

    /** Serve the built web client in {@code value} beside {@code /api}; null serves none. */
    public RunnerOptions withWeb(Path value) {
        return new RunnerOptions(port, host, dataDirectory, schedules, template, firstScheduleRunAfter, startedAt, value, openApi);
    }

    /** The OpenAPI document {@code /_local/docs} shows; null: ./openapi.yaml, else the one built into the jar. */
    public RunnerOptions withOpenApi(Path value) {
        return new RunnerOptions(port, host, dataDirectory, schedules, template, firstScheduleRunAfter, startedAt, web, value);
    }

    public RunnerOptions withHost(String value) {
        return new RunnerOptions(port, value, dataDirectory, schedules, template, firstScheduleRunAfter, startedAt, web, openApi);
    }

    /** Reads the command line; throws {@link IllegalArgumentException} with the problem for anything else. */
    public static RunnerOptions parse(String[] args) {
        RunnerOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--no-schedules" -> options = options.withSchedules(false);
                case "--port", "--data", "--template", "--host", "--web", "--openapi" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    options = switch (name) {
                        case "--port" -> options.withPort(port(value, "--port"));
                        case "--data" -> options.withDataDirectory(Path.of(value));
                        case "--template" -> options.withTemplate(Path.of(value));
                        case "--web" -> options.withWeb(Path.of(value));
                        case "--openapi" -> options.withOpenApi(Path.of(value));
                        default -> options.withHost(value);
                    };
                }
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        return options;
    }

    static int port(String value, String source) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " must be a port number from 0 to 65535 (got " + value + ")");
        }
    }
}
