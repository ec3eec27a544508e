package io.github.agentfeedback.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import org.junit.jupiter.api.Test;

/** An append outcome holds a result or a failure, never both. */
class AppendResultTest {

  private static final FeedbackResult CREATED =
      FeedbackResult.created(Feedback.up("x").toBuilder().id("f").build());
  private static final FeedbackStoreException LOST =
      new FeedbackStoreException("connection lost", "append", "s", "f", true, null);

  @Test
  void theShorthandsAreTheBuilderOfTheirCase() {
    AppendResult stored = AppendResult.of(CREATED);
    AppendResult failed = AppendResult.failed(LOST, true);

    assertThat(stored.result()).isSameAs(CREATED);
    assertThat(stored.failure()).isNull();
    assertThat(stored.maybeStored()).isFalse();
    assertThat(stored)
        .isEqualTo(AppendResult.builder().result(CREATED).build())
        .hasSameHashCodeAs(AppendResult.builder().result(CREATED).build());
    assertThat(failed.result()).isNull();
    assertThat(failed.failure()).isSameAs(LOST);
    assertThat(failed.maybeStored()).isTrue();
    assertThat(failed)
        .isEqualTo(AppendResult.builder().failure(LOST).maybeStored(true).build())
        .isNotEqualTo(AppendResult.failed(LOST, false));
    assertThat(failed.toString()).contains("maybeStored=true", "connection lost");
  }

  @Test
  void exactlyOneOfResultAndFailureIsSet() {
    assertThatThrownBy(() -> AppendResult.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> AppendResult.builder().result(CREATED).failure(LOST).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> AppendResult.builder().result(CREATED).maybeStored(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maybeStored");
    assertThatThrownBy(() -> AppendResult.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("result");
    assertThatThrownBy(() -> AppendResult.failed(null, false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("failure");
  }
}
