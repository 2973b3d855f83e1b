package dev.moduo.deployment.lifecycle.probes;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;

/** Its SnapStart priming fails, as priming that needs an unreachable MongoDB did (deploy audit B3). */
public class PrimingThrows implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {

    public PrimingThrows() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        throw new IllegalStateException("priming could not reach MongoDB");
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("statusCode", 200);
    }
}
