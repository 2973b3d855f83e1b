package dev.moduo.local.lambda;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/** Finds what a class binds an interface's type parameters to (e.g. the I and O of {@code RequestHandler<I, O>}). */
final class GenericTypes {

    private GenericTypes() {
    }

    /** The actual type arguments of {@code target} as implemented by {@code type}; Object where unbound. */
    static Type[] arguments(Class<?> type, Class<?> target) {
        Type[] found = search(type, target, Map.of());
        if (found == null) {
            throw new IllegalArgumentException(type.getName() + " does not implement " + target.getName());
        }
        for (int i = 0; i < found.length; i++) {
            if (found[i] instanceof TypeVariable<?>) {
                found[i] = Object.class;
            }
        }
        return found;
    }

    private static Type[] search(Type type, Class<?> target, Map<TypeVariable<?>, Type> outer) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        if (type instanceof ParameterizedType parameterized) {
            raw = (Class<?>) parameterized.getRawType();
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] actual = parameterized.getActualTypeArguments();
            for (int i = 0; i < variables.length; i++) {
                bindings.put(variables[i], substitute(actual[i], outer));
            }
        } else if (type instanceof Class<?> plain) {
            raw = plain;
        } else {
            return null;
        }
        if (raw == target) {
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] result = new Type[variables.length];
            for (int i = 0; i < variables.length; i++) {
                result[i] = bindings.getOrDefault(variables[i], Object.class);
            }
            return result;
        }
        Type superclass = raw.getGenericSuperclass();
        if (superclass != null) {
            Type[] found = search(superclass, target, bindings);
            if (found != null) {
                return found;
            }
        }
        for (Type implemented : raw.getGenericInterfaces()) {
            Type[] found = search(implemented, target, bindings);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> variable && bindings.containsKey(variable)) {
            return bindings.get(variable);
        }
        return type;
    }
}
