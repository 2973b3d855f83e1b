package dev.moduo.lifecycle;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The runtime process's whole environment, as Lambda builds it: the function's own variables, then what
 * Lambda defines (docs: configuration-envvars, "Defined runtime environment variables"; AWS's emulator,
 * {@code internal/lambda/rapidcore/env}), which wins over them. Nothing of the machine's environment gets in.
 *
 * <p>By shape: on demand, the access-key variables, {@code AWS_LAMBDA_LOG_GROUP_NAME} and
 * {@code AWS_LAMBDA_LOG_STREAM_NAME}; SnapStart, {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} instead of keys (the emulator's init-caching environment,
 * docs snapstart-activate "credentials") and no log group or stream (docs snapstart-monitoring).
 */
final class LambdaVariables {

    /** Reserved: Lambda refuses a function configuration that sets them. */
    static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");
    /** What the java25 runtime's identifier is assumed to be ({@code AWS_Lambda_} + the runtime name). */
    static final String EXECUTION_ENV = "AWS_Lambda_java25";
    /** The unreserved defaults the docs give (a function may override them). */
    static final String PATH = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";
    static final String LANG = "en_US.UTF-8";

    private LambdaVariables() {
    }

    static Map<String, String> of(Launch launch, String runtimeApi, Path taskRoot, Path runtimeDirectory) {
        FunctionSpec function = launch.function();
        Set<String> refused = new TreeSet<>(function.variables().keySet());
        refused.retainAll(RESERVED);
        refused.addAll(function.variables().keySet().stream().filter(name -> name.startsWith("AWS_CONTAINER_")).toList());
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(function.name() + " sets variables Lambda reserves for itself: " + refused);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("LANG", LANG);
        env.putAll(function.variables());
        // Published versions are what SnapStart snapshots; an on-demand environment may run $LATEST.
        String version = launch.shape() == Shape.SNAP_START ? "1" : "$LATEST";
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", version);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", launch.shape().initializationType());
        env.put("AWS_REGION", launch.region());
        env.put("AWS_DEFAULT_REGION", launch.region());
        env.put("AWS_EXECUTION_ENV", EXECUTION_ENV);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", function.handler());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDirectory.toString());
        env.put("TZ", ":UTC");
        if (launch.shape() == Shape.ON_DEMAND) {
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy/MM/dd"))
                    + "/[" + version + "]" + HexFormat.of().formatHex(randomBytes()));
        }
        env.putAll(launch.credentials().environment());
        return env;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
