package dev.moduo.deployment.lifecycle.probes;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crac.Core;
import org.crac.Resource;

/**
 * Passes every lifecycle step, and answers with what it saw: which hooks ran (with whether the port in
 * {@code PROBE_GATE_PORT} took a connection at that moment), with {@code PROBE_FETCH_CREDENTIALS} the access key
 * id the container credentials endpoint gave each hook, the names of its environment variables, and whether its
 * working directory is its task root.
 */
public class WellBehaved implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {

    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\"AccessKeyId\"\\s*:\\s*\"([^\"]+)\"");

    private final List<String> hooks = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private int invocations;

    public WellBehaved() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        hooks.add("beforeCheckpoint" + gate());
        fetchCredentials("beforeCheckpoint");
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        hooks.add("afterRestore" + gate());
        fetchCredentials("afterRestore");
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        invocations++;
        return Map.of("statusCode", 200,
                "invocation", invocations,
                "hooks", List.copyOf(hooks),
                "keys", List.copyOf(keys),
                "variables", List.copyOf(new TreeSet<>(System.getenv().keySet())),
                "taskRootIsWorkingDirectory", System.getProperty("user.dir").equals(System.getenv("LAMBDA_TASK_ROOT")),
                "requestId", context.getAwsRequestId());
    }

    /** What the SDK's container provider does: GET the full URI with the token as Authorization. */
    private void fetchCredentials(String hook) {
        if (System.getenv("PROBE_FETCH_CREDENTIALS") == null) {
            return;
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                    .toURL().openConnection();
            connection.setRequestProperty("Authorization", System.getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN"));
            try (InputStream in = connection.getInputStream()) {
                Matcher key = ACCESS_KEY_ID.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                keys.add(hook + ":" + (key.find() ? key.group(1) : "none"));
            }
        } catch (IOException e) {
            keys.add(hook + ":" + e.getClass().getSimpleName());
        }
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
