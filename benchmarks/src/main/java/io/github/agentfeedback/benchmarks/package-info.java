/**
 * JMH benchmarks of the capture path: the hook chain's cost, throughput as calling threads
 * are added (in memory and on MongoDB), notification latency behind a slow webhook, linear
 * time on hostile input; the {@link io.github.agentfeedback.benchmarks.Workload} they share, and
 * {@link io.github.agentfeedback.benchmarks.BenchmarkRatios}, which runs benchmarks and prints
 * the ratios the performance targets are stated in. The benchmarks of the MongoDB store alone are in
 * {@link io.github.agentfeedback.benchmarks.mongo}.
 */
@NullMarked
package io.github.agentfeedback.benchmarks;

import org.jspecify.annotations.NullMarked;
