package dev.moduo.lambda;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads API Gateway HTTP API events and writes the responses for the Lambda Java runtime, with the
 * Jackson the function already has loaded.
 *
 * <p>Without it the runtime parses the event with its own relocated copy of Jackson, whose first use
 * loads some 800 classes (a third of a second at 1 GB) that nothing else in the function needs. The
 * runtime picks this class up through {@code META-INF/services/com.amazonaws.services.lambda.runtime.CustomPojoSerializer}
 * in the function's jar; only functions whose handler takes and returns these two types register it.
 *
 * <p>It reads the way the runtime's serializer does (unknown fields ignored, setters only, no
 * constructor creators) and writes the response as it does (nulls left out); a test holds it to the
 * runtime's output for every sample event.
 */
public final class ApiGatewaySerializer implements CustomPojoSerializer {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // The event classes have all-argument constructors; like the runtime, fill them through setters.
            .disable(MapperFeature.AUTO_DETECT_CREATORS)
            .disable(MapperFeature.INFER_CREATOR_FROM_CONSTRUCTOR_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    private static final ObjectReader EVENT_READER = MAPPER.readerFor(APIGatewayV2HTTPEvent.class);

    @Override
    @SuppressWarnings("unchecked")
    public <T> T fromJson(InputStream input, Type type) {
        try {
            if (type == APIGatewayV2HTTPEvent.class) {
                return (T) EVENT_READER.readValue(input);
            }
            // Where several functions share one classpath (the local runner), the service file of one
            // reaches the others: a function taking any other type (the cleanup's Map) is read plainly.
            return MAPPER.readValue(input, MAPPER.constructType(type));
        } catch (IOException e) {
            throw new UncheckedIOException("The event cannot be read as " + type.getTypeName(), e);
        }
    }

    @Override
    public <T> T fromJson(String input, Type type) {
        return fromJson(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), type);
    }

    @Override
    public <T> void toJson(T value, OutputStream output, Type type) {
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(output)) {
            if (value instanceof APIGatewayV2HTTPResponse response) {
                writeResponse(response, json);
            } else {
                // The runtime asks for the handler's output type only; anything else is written the plain way.
                MAPPER.writeValue(json, value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the response", e);
        }
    }

    // Field by field rather than through a bean serializer: the response has six fields, and building a
    // serializer for it by introspection is work a cold start would pay for every time.
    private static void writeResponse(APIGatewayV2HTTPResponse response, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("statusCode", response.getStatusCode());
        writeStringMap("headers", response.getHeaders(), json);
        if (response.getMultiValueHeaders() != null) {
            json.writeObjectFieldStart("multiValueHeaders");
            for (Map.Entry<String, List<String>> header : response.getMultiValueHeaders().entrySet()) {
                writeStringList(header.getKey(), header.getValue(), json);
            }
            json.writeEndObject();
        }
        writeStringList("cookies", response.getCookies(), json);
        if (response.getBody() != null) {
            json.writeStringField("body", response.getBody());
        }
        json.writeBooleanField("isBase64Encoded", response.getIsBase64Encoded());
        json.writeEndObject();
    }

    private static void writeStringMap(String name, Map<String, String> values, JsonGenerator json) throws IOException {
        if (values == null) {
            return;
        }
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getValue() != null) {
                json.writeStringField(entry.getKey(), entry.getValue());
            } else {
                json.writeNullField(entry.getKey());
            }
        }
        json.writeEndObject();
    }

    private static void writeStringList(String name, List<String> values, JsonGenerator json) throws IOException {
        if (values == null) {
            return;
        }
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
