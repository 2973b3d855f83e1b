/**
 * Tiny handlers the harness self-tests start in a task root of their own (these classes plus org.crac in
 * {@code lib/}), each doing one thing Lambda's lifecycle punishes or rewards. Nothing else loads them.
 */
package dev.moduo.deployment.lifecycle.probes;
