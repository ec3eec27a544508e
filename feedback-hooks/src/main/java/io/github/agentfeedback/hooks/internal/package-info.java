/**
 * Implementation details of the hooks. No compatibility promise: do not use from outside
 * agent-feedback.
 */
package io.github.agentfeedback.hooks.internal;
