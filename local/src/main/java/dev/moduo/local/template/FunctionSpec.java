package dev.moduo.local.template;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A function of the template. {@code environment} holds the variables (Globals and its own) whose
 * value is known without deploying: literals and references to parameters with a non-empty default.
 * The others (secrets, ARNs, conditions) must come from the runner's own settings.
 */
public record FunctionSpec(String logicalId, String handler, Duration timeout, int memoryMb,
                           Map<String, String> environment, List<HttpRoute> routes, List<ScheduleSpec> schedules) {

    public FunctionSpec {
        environment = Map.copyOf(environment);
        routes = List.copyOf(routes);
        schedules = List.copyOf(schedules);
    }
}
