package dev.moduo.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;

/** A function's handler, instantiated once, invoked with event JSON and answering JSON as the runtime does. */
interface LoadedHandler extends AutoCloseable {

    byte[] invoke(byte[] event, Context context) throws Exception;

    @Override
    void close();
}
