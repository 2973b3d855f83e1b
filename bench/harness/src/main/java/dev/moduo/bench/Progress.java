package dev.moduo.bench;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Where a person waits for the benchmark: one line per step ("create: cold start 3 of 7") on the terminal, and
 * nothing at all when the output goes to a pipe or a file (a log, CI), which gets the results only.
 */
public final class Progress {

    private final Console console;

    private Progress(Console console) {
        this.console = console;
    }

    /** Lines on the terminal if there is one. */
    public static Progress onTerminal() {
        Console console = System.console();
        return new Progress(console != null && isTerminal(console) ? console : null);
    }

    /** No lines anywhere. */
    public static Progress quiet() {
        return new Progress(null);
    }

    public boolean shown() {
        return console != null;
    }

    public void line(String text) {
        if (console != null) {
            console.printf("[bench] %s%n", text);
            console.flush();
        }
    }

    /**
     * JDK 22 to 24 may hand out a console when the streams are redirected and tell it by {@code isTerminal()}
     * (absent before 22, where a console is always a terminal; the bytecode targets 17, hence the reflection).
     */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
