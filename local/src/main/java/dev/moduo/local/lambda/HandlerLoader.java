package dev.moduo.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Instantiates a handler as Lambda's Java runtime does from the template's {@code Handler}: a class
 * implementing {@link RequestHandler} or {@link RequestStreamHandler}, or {@code Class::method}; built
 * by its public no-argument constructor, once.
 */
final class HandlerLoader {

    private HandlerLoader() {
    }

    /** Checks that the class is there, without initialising it; the message says what is wrong. */
    static String problem(String handler, ClassLoader loader) {
        try {
            Class.forName(className(handler), false, loader);
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "handler class " + className(handler) + " is not on the runner's classpath"
                    + " (handler classes live in functions/src/main/java, which local/pom.xml depends on)";
        }
    }

    static LoadedHandler load(String handler, ClassLoader loader) throws Exception {
        Class<?> type = Class.forName(className(handler), true, loader);
        Object instance = instantiate(type);
        int separator = handler.indexOf("::");
        if (separator >= 0) {
            return methodHandler(instance, handler.substring(separator + 2), loader);
        }
        if (instance instanceof RequestStreamHandler stream) {
            return new StreamHandler(stream, instance);
        }
        if (instance instanceof RequestHandler<?, ?> request) {
            Type[] types = GenericTypes.arguments(type, RequestHandler.class);
            return new PojoHandler(request, LambdaSerializers.forType(types[0], loader),
                    LambdaSerializers.forType(types[1], loader), types[1] == Void.class);
        }
        throw new IllegalStateException(type.getName()
                + " implements neither RequestHandler nor RequestStreamHandler; name a method with Class::method");
    }

    private static String className(String handler) {
        int separator = handler.indexOf("::");
        return separator >= 0 ? handler.substring(0, separator) : handler;
    }

    private static Object instantiate(Class<?> type) throws Exception {
        Constructor<?> constructor = type.getConstructor();
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    /** What the handler itself threw, so the error reported is the function's and not reflection's. */
    private static Exception unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof Exception exception ? exception : e;
    }

    private static LoadedHandler methodHandler(Object instance, String name, ClassLoader loader) {
        Method method = Arrays.stream(instance.getClass().getMethods())
                .filter(candidate -> candidate.getName().equals(name) && !Modifier.isStatic(candidate.getModifiers()))
                .max(Comparator.comparingInt(Method::getParameterCount))
                .orElseThrow(() -> new IllegalStateException(instance.getClass().getName() + " has no public method " + name));
        Class<?>[] parameters = method.getParameterTypes();
        boolean streams = parameters.length >= 2 && parameters[0] == InputStream.class && parameters[1] == OutputStream.class;
        PojoSerializer<Object> input = !streams && parameters.length > 0
                ? LambdaSerializers.forType(method.getGenericParameterTypes()[0], loader) : null;
        PojoSerializer<Object> output = !streams && method.getReturnType() != void.class
                ? LambdaSerializers.forType(method.getGenericReturnType(), loader) : null;
        return new LoadedHandler() {
            @Override
            public byte[] invoke(byte[] event, Context context) throws Exception {
                Object[] arguments = new Object[parameters.length];
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = 0; i < parameters.length; i++) {
                    if (Context.class.isAssignableFrom(parameters[i])) {
                        arguments[i] = context;
                    } else if (streams && i == 0) {
                        arguments[i] = new ByteArrayInputStream(event);
                    } else if (streams && i == 1) {
                        arguments[i] = out;
                    } else if (i == 0) {
                        arguments[i] = input.fromJson(new ByteArrayInputStream(event));
                    }
                }
                Object result;
                try {
                    result = method.invoke(instance, arguments);
                } catch (InvocationTargetException e) {
                    throw unwrap(e);
                }
                if (streams) {
                    return out.toByteArray();
                }
                if (output == null) {
                    return "null".getBytes(StandardCharsets.UTF_8);
                }
                output.toJson(result, out);
                return out.toByteArray();
            }

            @Override
            public void close() {
                closeQuietly(instance);
            }
        };
    }

    static void closeQuietly(Object instance) {
        if (instance instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Stopping anyway: a handler that cannot close its resources loses nothing the runner keeps.
            }
        }
    }

    private record StreamHandler(RequestStreamHandler handler, Object instance) implements LoadedHandler {
        @Override
        public byte[] invoke(byte[] event, Context context) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
            return out.toByteArray();
        }

        @Override
        public void close() {
            closeQuietly(instance);
        }
    }

    private record PojoHandler(RequestHandler<?, ?> handler, PojoSerializer<Object> input,
                               PojoSerializer<Object> output, boolean returnsVoid) implements LoadedHandler {
        @Override
        @SuppressWarnings("unchecked")
        public byte[] invoke(byte[] event, Context context) {
            Object value = input.fromJson(new ByteArrayInputStream(event));
            Object result = ((RequestHandler<Object, Object>) handler).handleRequest(value, context);
            if (returnsVoid) {
                return "null".getBytes(StandardCharsets.UTF_8);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            output.toJson(result, out);
            return out.toByteArray();
        }

        @Override
        public void close() {
            closeQuietly(handler);
        }
    }
}
