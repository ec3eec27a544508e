/**
 * Implementation details of the hooks. No compatibility promise: do not use from outside
 * agent-feedback.
 */
@NullMarked
package io.github.agentfeedback.hooks.internal;

import org.jspecify.annotations.NullMarked;
