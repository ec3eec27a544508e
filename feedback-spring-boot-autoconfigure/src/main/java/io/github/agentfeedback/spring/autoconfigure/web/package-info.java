/**
 * The REST endpoints of the starter ({@link
 * io.github.agentfeedback.spring.autoconfigure.web.FeedbackController}), opt-in with
 * {@code agent-feedback.web.enabled=true}; the dashboard page beside the analytics ({@link
 * io.github.agentfeedback.spring.autoconfigure.web.FeedbackDashboardController}); the
 * endpoints that take a vote with a signed feedback token ({@link
 * io.github.agentfeedback.spring.autoconfigure.web.FeedbackTokenController}) and the widget,
 * opt-in with {@code agent-feedback.tokens.enabled=true}; and the way to add to each call's context
 * ({@link io.github.agentfeedback.spring.autoconfigure.web.FeedbackCallContextCustomizer}).
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.spring.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
