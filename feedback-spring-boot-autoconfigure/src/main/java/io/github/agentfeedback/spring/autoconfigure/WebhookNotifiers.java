package io.github.agentfeedback.spring.autoconfigure;

import io.github.agentfeedback.hooks.notify.Notifier;
import io.github.agentfeedback.webhooks.WebhookNotifier;
import java.util.Locale;

/** The webhook notifier of the properties; loaded only when feedback-webhooks is present. */
final class WebhookNotifiers {

  private WebhookNotifiers() {}

  static Notifier of(String url, FeedbackProperties.Webhook webhook) {
    WebhookNotifier.Builder b =
        WebhookNotifier.builder()
            .uri(url)
            .format(WebhookNotifier.Format.valueOf(webhook.getFormat().toUpperCase(Locale.ROOT)))
            .includeComment(webhook.isIncludeComment());
    String secret = webhook.getSecret();
    if (secret != null && !secret.isEmpty()) {
      b.secret(secret);
    }
    return b.build();
  }
}
