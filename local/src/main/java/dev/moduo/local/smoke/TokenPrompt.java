package dev.moduo.local.smoke;

import java.io.Console;
import java.util.Optional;

/** Asks for a token the environment and the options do not give, without echoing it. */
@FunctionalInterface
interface TokenPrompt {

    Optional<String> ask(String question);

    /** Nobody to ask (tests, scripts): a missing token is an error. */
    static TokenPrompt none() {
        return question -> Optional.empty();
    }

    /** The terminal, when there is one; a pasted token is neither echoed nor kept in shell history. */
    static TokenPrompt console() {
        return question -> {
            Console console = System.console();
            if (console == null || !isTerminal(console)) {
                return Optional.empty();
            }
            char[] answer = console.readPassword("%s", question);
            return answer == null || answer.length == 0 ? Optional.empty() : Optional.of(new String(answer));
        };
    }

    /**
     * From JDK 22 on there is a Console even when stdin is a pipe, and reading from it could wait forever in
     * a script; {@code isTerminal()} (JDK 22+, hence reflection under --release 17) tells the two apart.
     * Before 22, a Console exists only on a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
