package dev.moduo.deployment.lifecycle.probes;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/** Its restore hook fails, as a blocking DNS lookup in {@code afterRestore} may (deploy audit R2). */
public class AfterRestoreThrows implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {

    public AfterRestoreThrows() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        throw new IllegalStateException("no-such-host.invalid: Name or service not known");
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("statusCode", 200);
    }
}
