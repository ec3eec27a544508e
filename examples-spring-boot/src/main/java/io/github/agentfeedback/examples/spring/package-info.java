/** A Spring Boot application using the agent-feedback starter. */
@NullMarked
package io.github.agentfeedback.examples.spring;

import org.jspecify.annotations.NullMarked;
