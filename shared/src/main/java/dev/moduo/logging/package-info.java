/**
 * Library logs (MongoDB driver, Micronaut, AWS SDK: everything written through SLF4J) as one JSON object per line on
 * standard output, which Lambda sends to CloudWatch Logs.
 *
 * <p>A provider of our own rather than a library's: slf4j-simple writes plain text with multi-line stack traces,
 * and logback (whose JSON encoder writes its own field set) loads about 670 more classes and took 0.5-1.5 s to bind on
 * this machine, against 5 more classes at INIT and 8 KB of jar for this package; neither redacts. This one writes the fields
 * {@code InvocationLog} writes ({@code level}, {@code function}, {@code message}, {@code error}) and keeps credentials
 * in URIs out of every line. Levels follow Lambda's advanced logging controls: {@code AWS_LAMBDA_LOG_LEVEL}
 * (the function's {@code LoggingConfig.ApplicationLogLevel}), WARN when unset.
 */
package dev.moduo.logging;
