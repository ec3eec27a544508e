/**
 * Implementation details of the webhooks: the signing both sides share. No compatibility
 * promise: do not use from outside agent-feedback.
 */
package io.github.agentfeedback.webhooks.internal;
