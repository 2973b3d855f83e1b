package dev.moduo.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A named SLF4J logger: below its threshold a call costs one comparison; at or above it, one JSON line. */
final class JsonLinesLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient LogThreshold threshold;
    private final transient JsonLineWriter writer;

    JsonLinesLogger(String name, LogThreshold threshold, JsonLineWriter writer) {
        this.name = name;
        this.threshold = threshold;
        this.writer = writer;
    }

    @Override
    public boolean isTraceEnabled() {
        return threshold.admits(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold.admits(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold.admits(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold.admits(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold.admits(Level.ERROR);
    }

    /** No caller frames are looked up, so no caller class is needed. */
    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    /**
     * SLF4J hands over a Throwable given after two or more arguments; one given as the only argument
     * ({@code warn("failed: {}", e)}) arrives as an argument and is taken as the failure here, as SLF4J's own
     * formatter takes a trailing Throwable.
     */
    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        if (throwable == null) {
            FormattingTuple formatted = MessageFormatter.arrayFormat(pattern, arguments);
            writer.write(level, name, formatted.getMessage(), formatted.getThrowable());
        } else {
            writer.write(level, name, MessageFormatter.basicArrayFormat(pattern, arguments), throwable);
        }
    }
}
