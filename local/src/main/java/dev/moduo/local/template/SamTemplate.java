package dev.moduo.local.template;

import java.util.List;
import java.util.Optional;

/** What the runner takes from template.yaml: the functions in declaration order, and the HTTP API's CORS. */
public record SamTemplate(String source, List<FunctionSpec> functions, Optional<CorsSpec> cors) {

    public SamTemplate {
        functions = List.copyOf(functions);
    }

    public Optional<FunctionSpec> function(String logicalId) {
        return functions.stream().filter(function -> function.logicalId().equals(logicalId)).findFirst();
    }
}
