package dev.moduo.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.LocalJson;
import dev.moduo.local.lambda.FunctionHost;
import dev.moduo.local.lambda.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke API, {@code POST /2015-03-31/functions/{name}/invocations}, as {@code sam local
 * start-lambda} serves it (so {@code aws lambda invoke --endpoint-url} works): {@code name} is the
 * template's logical id (an ARN or a {@code :qualifier} is accepted too); the body is the event.
 * A function error is a 200 with {@code X-Amz-Function-Error: Unhandled}, as Lambda answers it.
 */
public final class InvokeApi {

    public static final String PREFIX = "/2015-03-31/functions/";
    private static final Pattern PATH = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");

    private final Map<String, FunctionHost> functions;
    private final ExecutorService background;

    public InvokeApi(Map<String, FunctionHost> functions, ExecutorService background) {
        this.functions = functions;
        this.background = background;
    }

    public GatewayResponse handle(GatewayRequest request) {
        return handle(request, early -> { });
    }

    /** As {@link #handle(GatewayRequest)}; an invocation that times out is answered through {@code atTimeout} at once. */
    public GatewayResponse handle(GatewayRequest request, Consumer<GatewayResponse> atTimeout) {
        Matcher matcher = PATH.matcher(request.rawPath());
        if (!matcher.matches() || !request.method().equals("POST")) {
            return error(404, "UnknownOperationException", "Unknown operation " + request.method() + " " + request.rawPath());
        }
        String name = functionName(RouteTable.decode(matcher.group(1)));
        FunctionHost function = functions.get(name);
        if (function == null) {
            return error(404, "ResourceNotFoundException", "Function not found: " + name);
        }
        byte[] event = request.body().length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : request.body();
        try {
            LocalJson.MAPPER.readTree(event);
        } catch (IOException e) {
            return error(400, "InvalidRequestContentException", "Could not parse request body into json");
        }
        String invocationType = request.header("x-amz-invocation-type").orElse("RequestResponse");
        switch (invocationType.toLowerCase(Locale.ROOT)) {
            case "dryrun":
                return new GatewayResponse(204, List.of(), new byte[0]);
            case "event":
                background.submit(() -> function.invoke(event));
                return new GatewayResponse(202, List.of(), new byte[0]);
            case "requestresponse":
                break;
            default:
                return error(400, "InvalidParameterValueException", "Unsupported X-Amz-Invocation-Type " + invocationType);
        }
        return answer(function.invoke(event, timedOut -> atTimeout.accept(answer(timedOut))));
    }

    private static GatewayResponse answer(Outcome outcome) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("content-type", "application/json"));
        headers.add(Map.entry("x-amzn-requestid", outcome.requestId()));
        headers.add(Map.entry("x-amz-executed-version", "$LATEST"));
        if (outcome instanceof Outcome.Returned returned) {
            return new GatewayResponse(200, headers, returned.json());
        }
        headers.add(Map.entry("x-amz-function-error", "Unhandled"));
        ObjectNode body = LocalJson.object();
        if (outcome instanceof Outcome.TimedOut timedOut) {
            body.put("errorMessage", timedOut.errorMessage());
            body.put("errorType", "Sandbox.Timedout");
        } else if (outcome instanceof Outcome.Failed failed) {
            body.put("errorMessage", failed.errorMessage());
            body.put("errorType", failed.errorType());
        }
        return new GatewayResponse(200, headers, LocalJson.bytes(body));
    }

    /** The logical id in {@code Name}, {@code Name:qualifier} or {@code arn:aws:lambda:region:account:function:Name[:qualifier]}. */
    static String functionName(String given) {
        String name = given;
        int function = name.indexOf(":function:");
        if (name.startsWith("arn:") && function >= 0) {
            name = name.substring(function + ":function:".length());
        }
        int qualifier = name.indexOf(':');
        return qualifier >= 0 ? name.substring(0, qualifier) : name;
    }

    private static GatewayResponse error(int status, String type, String message) {
        ObjectNode body = LocalJson.object();
        body.put("Type", "User");
        body.put("message", message);
        return new GatewayResponse(status, List.of(Map.entry("content-type", "application/json"),
                Map.entry("x-amzn-errortype", type)), LocalJson.bytes(body));
    }
}
