package dev.moduo.local.lambda;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Turns event JSON into a handler's input type and its output back into JSON the way Lambda's managed
 * Java runtime does: a {@link CustomPojoSerializer} registered through {@code META-INF/services} if there
 * is one; else, for the AWS event classes, the runtime's own event serializers (relocated Jackson with
 * its mixins, unknown fields ignored, nulls dropped); else its plain Jackson. So a function that only
 * works with a friendlier mapper fails here as it would in AWS.
 */
final class LambdaSerializers {

    private LambdaSerializers() {
    }

    @SuppressWarnings("unchecked")
    static PojoSerializer<Object> forType(Type type, ClassLoader loader) {
        Optional<CustomPojoSerializer> custom = ServiceLoader.load(CustomPojoSerializer.class, loader).findFirst();
        if (custom.isPresent()) {
            return new CustomAdapter(custom.get(), type);
        }
        if (type instanceof Class<?> eventClass && LambdaEventSerializers.isLambdaSupportedEvent(eventClass.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(eventClass, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private record CustomAdapter(CustomPojoSerializer serializer, Type type) implements PojoSerializer<Object> {
        @Override
        public Object fromJson(InputStream input) {
            return serializer.fromJson(input, type);
        }

        @Override
        public Object fromJson(String input) {
            return serializer.fromJson(input, type);
        }

        @Override
        public void toJson(Object value, OutputStream output) {
            serializer.toJson(value, output, type);
        }
    }
}
