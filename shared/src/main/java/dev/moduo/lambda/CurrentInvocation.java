package dev.moduo.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Keeps the Lambda {@link Context} of the invocation in progress.
 *
 * <p>It replaces micronaut-function-aws's default factory, which registers every invocation's
 * Context and LambdaLogger as new singletons and never drops them: a warm function then slows down
 * and its heap grows with each call. Here only the current Context is held, per thread.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public class CurrentInvocation implements LambdaContextFactory {

    private final ThreadLocal<Context> current = new ThreadLocal<>();

    @Override
    public void registerSingletons(Context lambdaContext) {
        current.set(lambdaContext);
    }

    public Optional<Context> context() {
        return Optional.ofNullable(current.get());
    }
}
