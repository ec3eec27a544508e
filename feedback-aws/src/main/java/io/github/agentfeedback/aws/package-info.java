/**
 * AWS integrations: {@link io.github.agentfeedback.aws.SnsNotifier} publishes feedback
 * notifications to Amazon SNS topics chosen by rating, the way the Python
 * mongodb-session-manager's SNS feedback hook does.
 */
@NullMarked
package io.github.agentfeedback.aws;

import org.jspecify.annotations.NullMarked;
