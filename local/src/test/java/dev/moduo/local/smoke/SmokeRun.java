package dev.moduo.local.smoke;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** One run of the {@code smoke} command in this JVM: its exit status and every line it printed. */
record SmokeRun(int exit, List<String> out, List<String> err) {

    private static final Pattern STEP_LINE = Pattern.compile("^(PASS|FAIL|SKIP)  \\S+.*");

    static SmokeRun of(Map<String, String> environment, Clock clock, String... args) {
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        int exit = new SmokeCommand(environment, TokenPrompt.none(), out::add, err::add, clock).run(args);
        return new SmokeRun(exit, List.copyOf(out), List.copyOf(err));
    }

    static SmokeRun against(String api, String hostToken, String guestToken) {
        return of(Map.of(SmokeOptions.HOST_TOKEN_VARIABLE, hostToken, SmokeOptions.GUEST_TOKEN_VARIABLE, guestToken),
                Clock.systemUTC(), "--api", api);
    }

    /** The step lines, in order. */
    List<String> steps() {
        return out.stream().filter(line -> STEP_LINE.matcher(line).matches()).toList();
    }

    /** The line of the step of that name. */
    String step(String name) {
        return steps().stream().filter(line -> line.substring(6).startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for step " + name + " in " + this));
    }

    String last() {
        return out.get(out.size() - 1);
    }

    /** Everything printed, for assertion messages. */
    @Override
    public String toString() {
        return "exit " + exit + "\n" + String.join("\n", out) + (err.isEmpty() ? "" : "\nstderr:\n" + String.join("\n", err));
    }
}
