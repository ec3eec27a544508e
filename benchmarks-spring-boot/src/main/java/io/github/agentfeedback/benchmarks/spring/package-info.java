/** JMH benchmark of the Spring Boot starter's REST endpoint. */
@NullMarked
package io.github.agentfeedback.benchmarks.spring;

import org.jspecify.annotations.NullMarked;
