package dev.moduo.bench.runner;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * The input and output types of a {@link RequestHandler}, read from its generic signature as the Lambda
 * runtime does: it is what picks the serializer, so a handler declared through a generic base class
 * (ApiFunction binds MicronautRequestHandler's I and O) must resolve to the concrete event types.
 */
final class HandlerTypes {

    private HandlerTypes() {
    }

    /** {input type, output type}; Object for a type left unbound. */
    static Type[] of(Class<?> handler) {
        if (!RequestHandler.class.isAssignableFrom(handler)) {
            throw new IllegalArgumentException(handler.getName() + " is not a RequestHandler");
        }
        Type[] found = search(handler, new HashMap<>());
        return found != null ? found : new Type[] {Object.class, Object.class};
    }

    private static Type[] search(Type type, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] arguments = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length; i++) {
                bindings.put(variables[i], resolve(arguments[i], bindings));
            }
            if (raw == RequestHandler.class) {
                return new Type[] {concrete(arguments[0], bindings), concrete(arguments[1], bindings)};
            }
        } else if (type instanceof Class<?> plain) {
            raw = plain;
        } else {
            return null;
        }
        for (Type itf : raw.getGenericInterfaces()) {
            Type[] found = search(itf, bindings);
            if (found != null) {
                return found;
            }
        }
        return raw.getGenericSuperclass() == null ? null : search(raw.getGenericSuperclass(), bindings);
    }

    private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        Type current = type;
        while (current instanceof TypeVariable<?> variable && bindings.containsKey(variable)) {
            current = bindings.get(variable);
        }
        return current;
    }

    private static Type concrete(Type type, Map<TypeVariable<?>, Type> bindings) {
        Type resolved = resolve(type, bindings);
        return resolved instanceof TypeVariable<?> ? Object.class : resolved;
    }
}
