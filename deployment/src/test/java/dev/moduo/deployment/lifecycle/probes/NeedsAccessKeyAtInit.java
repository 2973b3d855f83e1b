package dev.moduo.deployment.lifecycle.probes;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Reads the access key while it is constructed, as Moduo's secrets code once did (deploy audit B2). */
public class NeedsAccessKeyAtInit implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final String accessKeyId;

    public NeedsAccessKeyAtInit() {
        String value = System.getenv("AWS_ACCESS_KEY_ID");
        if (value == null) {
            throw new IllegalStateException("Setting AWS_ACCESS_KEY_ID is not set");
        }
        this.accessKeyId = value;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("statusCode", 200, "signedWithKey", !accessKeyId.isEmpty());
    }
}
