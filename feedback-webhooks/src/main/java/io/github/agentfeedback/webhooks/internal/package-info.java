/**
 * Implementation details of the webhooks: the signing both sides share. No compatibility
 * promise: do not use from outside agent-feedback.
 */
@NullMarked
package io.github.agentfeedback.webhooks.internal;

import org.jspecify.annotations.NullMarked;
