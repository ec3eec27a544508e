package io.github.agentfeedback.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The configuration metadata the build generates from {@link FeedbackProperties}. */
final class ConfigurationMetadata {

  private ConfigurationMetadata() {}

  /**
   * The metadata file's text.
   *
   * @return {@code META-INF/spring-configuration-metadata.json} as text
   * @throws IOException if it cannot be read
   */
  static String text() throws IOException {
    try (InputStream in =
        ConfigurationMetadata.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the generated configuration metadata").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
