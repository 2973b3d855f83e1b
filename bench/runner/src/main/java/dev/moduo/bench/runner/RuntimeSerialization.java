package dev.moduo.bench.runner;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Picks a serializer in the Lambda Java runtime's order: a {@link CustomPojoSerializer} the function's jar
 * registers through META-INF/services, else the runtime's own Jackson (relocated, with mix-ins) for
 * the AWS event classes, else its plain Jackson factory.
 */
final class RuntimeSerialization {

    /** Reads the event and writes the response of one handler type. */
    interface Codec {
        Object read(InputStream json);

        void write(Object value, OutputStream json);
    }

    private RuntimeSerialization() {
    }

    static Codec codecFor(Type type, ClassLoader loader) {
        Iterator<CustomPojoSerializer> custom = ServiceLoader.load(CustomPojoSerializer.class, loader).iterator();
        if (custom.hasNext()) {
            CustomPojoSerializer serializer = custom.next();
            return new Codec() {
                @Override
                public Object read(InputStream json) {
                    return serializer.fromJson(json, type);
                }

                @Override
                public void write(Object value, OutputStream json) {
                    serializer.toJson(value, json, type);
                }
            };
        }
        PojoSerializer<Object> serializer = pojoSerializer(type, loader);
        return new Codec() {
            @Override
            public Object read(InputStream json) {
                return serializer.fromJson(json);
            }

            @Override
            public void write(Object value, OutputStream json) {
                serializer.toJson(value, json);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> pojoSerializer(Type type, ClassLoader loader) {
        if (type instanceof Class<?> cls && LambdaEventSerializers.isLambdaSupportedEvent(cls.getName())) {
            return LambdaEventSerializers.serializerFor((Class<Object>) cls, loader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }
}
