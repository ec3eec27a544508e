package io.github.agentfeedback.spring.autoconfigure;

import io.github.agentfeedback.Rating;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.AnalyticsHook;
import io.github.agentfeedback.hooks.AuditHook;
import io.github.agentfeedback.hooks.EscalationHook;
import io.github.agentfeedback.hooks.NotificationHook;
import io.github.agentfeedback.hooks.PiiRedactionHook;
import io.github.agentfeedback.hooks.RateLimitHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.hooks.SanitizingHook;
import io.github.agentfeedback.hooks.SentimentHook;
import io.github.agentfeedback.hooks.SpamFilterHook;
import io.github.agentfeedback.hooks.TriageHook;
import io.github.agentfeedback.hooks.ValidationHook;
import io.github.agentfeedback.hooks.notify.Notifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/** Builds the hook chain from the properties, the hook beans and the customizers. */
final class HookChainAssembly {

  private static final String WEBHOOK_NOTIFIER = "io.github.agentfeedback.webhooks.WebhookNotifier";

  private final FeedbackProperties properties;

  HookChainAssembly(FeedbackProperties properties) {
    this.properties = properties;
  }

  List<FeedbackHook> assemble(
      ConfigurableListableBeanFactory beanFactory,
      List<FeedbackHook> hookBeans,
      List<Notifier> notifierBeans,
      List<ReadyHooksCustomizer> customizers) {
    ReadyHooks.Builder chain = ReadyHooks.builder();
    readyHooks(chain);
    List<Notifier> notifiers = notifiers(properties, notifierBeans);
    if (!notifiers.isEmpty()) {
      FeedbackProperties.Notification n = properties.getNotification();
      chain.notification(
          NotificationHook.builder()
              .ratings(n.getRatings().toArray(new Rating[0]))
              .notifiers(notifiers)
              .queueCapacity(n.getQueueCapacity())
              .build());
    }
    IdentityHashMap<FeedbackHook, String> names = new IdentityHashMap<>();
    for (String name : beanFactory.getBeanNamesForType(FeedbackHook.class)) {
      if (beanFactory.isSingleton(name)) {
        names.put(beanFactory.getBean(name, FeedbackHook.class), name);
      }
    }
    for (FeedbackHook hook : hookBeans) {
      if (!replacesReadyHook(chain, hook)) {
        String name = names.get(hook);
        FeedbackHookStage stage =
            name == null ? null : beanFactory.findAnnotationOnBean(name, FeedbackHookStage.class);
        chain.add(stage == null ? ReadyHooks.Stage.ENRICH : stage.value(), hook);
      }
    }
    customizers.forEach(c -> c.customize(chain));
    return chain.build();
  }

  /**
   * The notification notifiers: the webhook of {@code notification.webhook.url}, then the
   * application's notifier beans.
   */
  static List<Notifier> notifiers(FeedbackProperties properties, List<Notifier> notifierBeans) {
    List<Notifier> notifiers = new ArrayList<>();
    FeedbackProperties.Webhook webhook = properties.getNotification().getWebhook();
    String url = webhook.getUrl();
    if (url != null && !url.isBlank()) {
      notifiers.add(webhook(FeedbackProperties.PREFIX + ".notification.webhook", webhook));
    }
    notifiers.addAll(notifierBeans);
    return notifiers;
  }

  /**
   * The webhook notifier of a webhook's properties, whose URL is set.
   *
   * @param prefix the properties' prefix, for the message when feedback-webhooks is missing
   */
  static Notifier webhook(String prefix, FeedbackProperties.Webhook webhook) {
    if (!ClassUtils.isPresent(WEBHOOK_NOTIFIER, HookChainAssembly.class.getClassLoader())) {
      throw new IllegalStateException(
          prefix
              + ".url is set but feedback-webhooks is not on the class path: add"
              + " io.github.agentfeedback:feedback-webhooks");
    }
    return WebhookNotifiers.of(Objects.requireNonNull(webhook.getUrl(), "url"), webhook);
  }

  private void readyHooks(ReadyHooks.Builder chain) {
    FeedbackProperties.Hooks hooks = properties.getHooks();
    if (hooks.getSanitizing().isEnabled()) {
      chain.sanitizing(SanitizingHook.defaults());
    }
    if (hooks.getPiiRedaction().isEnabled()) {
      chain.piiRedaction(PiiRedactionHook.defaults());
    }
    FeedbackProperties.Validation validation = hooks.getValidation();
    if (validation.isEnabled()) {
      chain.validation(
          ValidationHook.builder()
              .maxCommentLength(validation.getMaxCommentLength())
              .requireCommentForDown(validation.isRequireCommentForDown())
              .build());
    }
    FeedbackProperties.RateLimit rateLimit = hooks.getRateLimit();
    if (rateLimit.isEnabled()) {
      RateLimitHook.Builder b =
          RateLimitHook.builder()
              .limit(rateLimit.getPermits(), rateLimit.getPeriod())
              .key(rateLimit.getKey().function());
      if (rateLimit.getBurst() > 0) {
        b.burst(rateLimit.getBurst());
      }
      chain.rateLimit(b.build());
    }
    if (hooks.getSpamFilter().isEnabled()) {
      chain.spamFilter(SpamFilterHook.defaults());
    }
    if (hooks.getSentiment().isEnabled()) {
      chain.sentiment(SentimentHook.defaults());
    }
    if (hooks.getTriage().isEnabled()) {
      chain.triage(TriageHook.defaults());
    }
    if (hooks.getAudit().isEnabled()) {
      chain.audit(AuditHook.builder().includeComment(hooks.getAudit().isIncludeComment()).build());
    }
  }

  /** A bean of a ready hook's own type takes that hook's place in the chain. */
  private static boolean replacesReadyHook(ReadyHooks.Builder chain, FeedbackHook hook) {
    if (hook instanceof SanitizingHook h) {
      chain.sanitizing(h);
    } else if (hook instanceof PiiRedactionHook h) {
      chain.piiRedaction(h);
    } else if (hook instanceof ValidationHook h) {
      chain.validation(h);
    } else if (hook instanceof RateLimitHook h) {
      chain.rateLimit(h);
    } else if (hook instanceof SpamFilterHook h) {
      chain.spamFilter(h);
    } else if (hook instanceof SentimentHook h) {
      chain.sentiment(h);
    } else if (hook instanceof TriageHook h) {
      chain.triage(h);
    } else if (hook instanceof AuditHook h) {
      chain.audit(h);
    } else if (hook instanceof NotificationHook h) {
      chain.notification(h);
    } else if (hook instanceof AnalyticsHook h) {
      chain.analytics(h);
    } else if (hook instanceof EscalationHook h) {
      chain.escalation(h);
    } else {
      return false;
    }
    return true;
  }
}
