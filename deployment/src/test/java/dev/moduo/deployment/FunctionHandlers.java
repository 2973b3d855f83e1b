package dev.moduo.deployment;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import java.lang.reflect.InvocationTargetException;

/** Builds a template function's handler by the class name its {@code Handler} property gives. */
final class FunctionHandlers {

    private FunctionHandlers() {
    }

    @SuppressWarnings("unchecked")
    static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> build(String handlerClass,
                                                                              ApplicationContext context) {
        Class<?> type;
        try {
            type = Class.forName(handlerClass);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(handlerClass + " is not on the deployment tests' classpath: handler classes live in"
                    + " functions/src/main/java", e);
        }
        try {
            return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                    type.getConstructor(ApplicationContext.class).newInstance(context);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(handlerClass + " has no constructor taking an ApplicationContext (tests need it)", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Building " + handlerClass + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build " + handlerClass, e);
        }
    }

    static void close(Object handler) {
        if (handler instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("Closing " + handler.getClass().getName() + " failed", e);
            }
        }
    }
}
