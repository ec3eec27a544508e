package io.github.agentfeedback.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.capture.BatchResult.Item;
import io.github.agentfeedback.capture.BatchResult.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch result reports one item per item given, and counts them. */
class BatchResultTest {

  private static final Feedback F = Feedback.up("secret text").toBuilder().id("f").build();
  private static final RuntimeException SPAM = new FeedbackRejectedException("spam", "no");

  private static Item item(int index, Status status) {
    return Item.builder()
        .index(index)
        .sessionId("s")
        .feedback(F)
        .status(status)
        .error(
            status == Status.REJECTED || status == Status.FAILED || status == Status.UNKNOWN
                ? SPAM
                : null)
        .build();
  }

  @Test
  void itemsAreKeptInOrderAndCounted() {
    BatchResult r =
        BatchResult.builder()
            .item(item(0, Status.CREATED))
            .item(item(1, Status.REJECTED))
            .item(item(2, Status.UNKNOWN))
            .item(item(3, Status.CREATED))
            .build();

    assertThat(r.items()).extracting(Item::index).containsExactly(0, 1, 2, 3);
    assertThat(r.count(Status.CREATED)).isEqualTo(2);
    assertThat(r.counts())
        .containsEntry(Status.CREATED, 2)
        .containsEntry(Status.STALE, 0)
        .hasSize(Status.values().length);
    assertThat(r.retryable()).extracting(Item::index).containsExactly(2);
    assertThat(r).hasToString("BatchResult[items=4, CREATED=2, REJECTED=1, UNKNOWN=1]");
    assertThat(r)
        .isEqualTo(BatchResult.builder().items(r.items()).build())
        .hasSameHashCodeAs(BatchResult.builder().items(r.items()).build());
  }

  @Test
  void itemsSetAsAListReplaceThoseAddedAndAreCopied() {
    Item[] out = {item(0, Status.CREATED), item(1, Status.DUPLICATE)};
    BatchResult.Builder builder =
        BatchResult.builder().item(item(0, Status.FAILED)).items(Arrays.asList(out));
    BatchResult r = builder.build();

    out[0] = item(0, Status.STALE);
    builder.item(item(2, Status.TRIMMED));

    assertThat(r.items())
        .extracting(Item::status)
        .containsExactly(Status.CREATED, Status.DUPLICATE);
    assertThat(builder.build().items()).hasSize(3);
    assertThatThrownBy(() -> r.items().add(item(2, Status.CREATED)))
        .isInstanceOf(UnsupportedOperationException.class);
    List<Item> withNull = new ArrayList<>(List.of(item(0, Status.CREATED)));
    withNull.add(null);
    assertThatThrownBy(() -> BatchResult.builder().items(withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("items[1]");
    assertThatThrownBy(() -> BatchResult.builder().item(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("item");
  }

  @Test
  void anItemHasAnErrorExactlyWhenItFailed() {
    Item rejected = item(4, Status.REJECTED);
    assertThat(rejected.index()).isEqualTo(4);
    assertThat(rejected.sessionId()).isEqualTo("s");
    assertThat(rejected.feedback()).isSameAs(F);
    assertThat(rejected.error()).isSameAs(SPAM);
    assertThat(rejected)
        .isEqualTo(item(4, Status.REJECTED))
        .hasSameHashCodeAs(item(4, Status.REJECTED))
        .isNotEqualTo(item(5, Status.REJECTED));
    assertThat(rejected.toString())
        .contains("index=4", "REJECTED", "FeedbackRejectedException")
        .doesNotContain("secret text");

    Item.Builder created =
        Item.builder().index(0).sessionId("s").feedback(F).status(Status.CREATED);
    assertThat(created.build().error()).isNull();
    assertThatThrownBy(() -> created.error(SPAM).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status CREATED takes no error");
    assertThatThrownBy(() -> created.status(Status.FAILED).error(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status FAILED needs an error");
  }

  @Test
  void anItemNeedsItsIndexSessionFeedbackAndStatus() {
    assertThatThrownBy(
            () -> Item.builder().sessionId("s").feedback(F).status(Status.CREATED).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index");
    assertThatThrownBy(() -> Item.builder().index(0).feedback(F).status(Status.CREATED).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sessionId");
    assertThatThrownBy(() -> Item.builder().index(0).sessionId("s").status(Status.CREATED).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("feedback");
    assertThatThrownBy(() -> Item.builder().index(0).sessionId("s").feedback(F).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("status");
  }
}
