package dev.moduo.lifecycle;

/**
 * What the runtime posted to {@code /init/error} or {@code /restore/error}.
 *
 * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header, e.g. {@code Runtime.BeforeCheckpointError}
 * @param body      the JSON body ({@code errorMessage}, {@code errorType}, {@code stackTrace})
 */
public record ErrorReport(String errorType, String body) {
}
