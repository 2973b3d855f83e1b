package dev.moduo.local.invoke;

import dev.moduo.local.embedded.DevUser;
import java.nio.file.Path;

/**
 * {@code invoke FunctionLogicalId [--event FILE|-] [--template FILE] [--user ID]}.
 *
 * @param event null: the empty event {@code {}}; {@code -}: standard input
 * @param user  whom the development issuer's token names; null: the event's token's {@code sub}, else the default
 */
record InvokeOptions(String functionId, String event, Path template, String user) {

    static final String STDIN = "-";
    static final String USAGE = """
            Usage: java -jar local/target/moduo-local.jar invoke FunctionLogicalId [--event FILE|-] [--template FILE] [--user ID]

              Runs one function of the template once, in this process, like sam local invoke: with the template's
              settings and, for each of MongoDB, Stream and Clerk not set in the environment, the runner's embedded
              default (MongoDB in memory, the Stream emulator, the Clerk development issuer).
              --event FILE     the event (e.g. events/create-session.json); - reads standard input; default {}
              --template FILE  the SAM template (default: ./template.yaml, else the one built into the jar)
              --user ID        with the development issuer: the user the event's token is re-issued for (default:
                               the sub of the event's token, else user_local: the samples' placeholder names nobody)

              With the development issuer, the event's bearer token (Authorization or the __session cookie) is
              replaced by a fresh development token for the same sub: no token made elsewhere can verify against a
              key made for this run. Clerk and Stream webhooks are checked for real: sign them with generate-event.

              Standard output: the function's response (or Lambda's error object), alone. Standard error: what
              invoke started, the function's log lines, and a REPORT line.
              Exit status: 0 the function returned (an HTTP response below 400); 3 it returned an HTTP response
              of 400 or more; 1 function error (it threw, timed out or could not start); 2 nothing was invoked
              (bad options, unknown function, unreadable or invalid event, an embedded service did not start).""";

    static InvokeOptions parse(String[] args) {
        String functionId = null;
        String event = null;
        Path template = null;
        String user = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--event", "-e", "--template", "-t", "--user" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--event", "-e" -> event = value;
                        case "--template", "-t" -> template = Path.of(value);
                        default -> user = value;
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("Unknown option " + arg);
                    }
                    if (functionId != null) {
                        throw new IllegalArgumentException("One function at a time: got " + functionId + " and " + arg);
                    }
                    functionId = arg;
                }
            }
        }
        if (functionId == null) {
            throw new IllegalArgumentException("Name the function to invoke: its logical id in template.yaml, e.g. CreateSessionFunction");
        }
        if (user != null && !DevUser.ID.matcher(user).matches()) {
            throw new IllegalArgumentException("--user must be 1 to 64 letters, digits, _ or -");
        }
        return new InvokeOptions(functionId, event, template, user);
    }
}
