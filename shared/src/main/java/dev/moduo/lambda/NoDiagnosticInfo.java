package dev.moduo.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultDiagnosticInfoPopulator;
import io.micronaut.function.aws.DiagnosticInfoPopulator;
import jakarta.inject.Singleton;

/** Moduo writes its own structured log line per invocation, so filling an SLF4J MDC on every call is wasted work. */
@Singleton
@Replaces(DefaultDiagnosticInfoPopulator.class)
public class NoDiagnosticInfo implements DiagnosticInfoPopulator {

    @Override
    public void populateMappingDiagnosticContextValues(Context context) {
    }

    @Override
    public void populateMappingDiagnosticContextWithXrayTraceId() {
    }
}
