package io.github.agentfeedback.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.agentfeedback.InMemoryFeedbackStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TourTest {

  @Test
  void tourRunsAndReportsWhatItStored() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Tour.run(new InMemoryFeedbackStore(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("created=false, still 3 feedbacks")
        .contains("rejected bad metadata")
        .contains("4 feedbacks, 2 up, 1 down, 1 neutral, satisfaction 66.7%")
        .contains("variant B: satisfaction 66.7%, quality 4.5/5")
        .contains("== done");
  }
}
