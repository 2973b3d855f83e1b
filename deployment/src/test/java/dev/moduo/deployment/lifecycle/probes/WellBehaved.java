package dev.moduo.deployment.lifecycle.probes;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.crac.Core;
import org.crac.Resource;

/**
 * Passes every lifecycle step, and answers with what it saw: which hooks ran (with whether the port in
 * {@code PROBE_GATE_PORT} took a connection at that moment), the names of its environment variables, and
 * whether its working directory is its task root.
 */
public class WellBehaved implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {

    private final List<String> hooks = new ArrayList<>();
    private int invocations;

    public WellBehaved() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        hooks.add("beforeCheckpoint" + gate());
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        hooks.add("afterRestore" + gate());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        invocations++;
        return Map.of("statusCode", 200,
                "invocation", invocations,
                "hooks", List.copyOf(hooks),
                "variables", List.copyOf(new TreeSet<>(System.getenv().keySet())),
                "taskRootIsWorkingDirectory", System.getProperty("user.dir").equals(System.getenv("LAMBDA_TASK_ROOT")),
                "requestId", context.getAwsRequestId());
    }

    private static String gate() {
        String port = System.getenv("PROBE_GATE_PORT");
        if (port == null) {
            return "";
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port))) {
            return ":connected";
        } catch (IOException e) {
            return ":refused";
        }
    }
}
