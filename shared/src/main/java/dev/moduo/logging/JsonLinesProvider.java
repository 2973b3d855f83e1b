package dev.moduo.logging;

import java.time.Clock;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * What SLF4J binds to (found through {@code META-INF/services}): every SLF4J logger of the process writes JSON lines
 * to standard output at the level {@code AWS_LAMBDA_LOG_LEVEL} names.
 *
 * <p>No MDC: no line carries one (the per-invocation ids are {@code InvocationLog}'s), so values put there would be
 * written nowhere; the adapter says so by keeping none.
 */
public final class JsonLinesProvider implements SLF4JServiceProvider {

    /** The variable Lambda sets from the function's {@code LoggingConfig.ApplicationLogLevel}. */
    public static final String LEVEL_SETTING = "AWS_LAMBDA_LOG_LEVEL";
    /** Set by Lambda; the lines of {@code InvocationLog} name their function too. */
    public static final String FUNCTION_SETTING = "AWS_LAMBDA_FUNCTION_NAME";
    /** The SLF4J API generation this provider implements (2.0.x). */
    private static final String REQUESTED_API_VERSION = "2.0.99";

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private volatile JsonLinesLoggerFactory loggers;

    /**
     * Standard output as it is at each write, not at binding time: Lambda's runtime client replaces it before it
     * loads the handler, and a test may replace it.
     */
    @Override
    public void initialize() {
        loggers = JsonLinesLoggerFactory.from(System.getenv(), Clock.systemUTC(), () -> System.out);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }
}
