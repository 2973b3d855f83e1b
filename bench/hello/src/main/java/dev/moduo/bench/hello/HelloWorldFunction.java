package dev.moduo.bench.hello;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * The baseline: an HTTP API handler that does nothing but answer. It takes and returns the same event
 * types as Moduo's functions, so the Lambda runtime's event (de)serialization is in the baseline too and
 * a function's ratio to it is what the function itself costs.
 */
public class HelloWorldFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(200);
        response.setHeaders(Map.of("content-type", "application/json"));
        response.setBody("{\"message\":\"Hello from " + event.getRawPath() + "\"}");
        return response;
    }
}
