/** Notifications to Amazon SNS topics. */
module io.github.agentfeedback.aws {
  requires transitive io.github.agentfeedback.hooks;
  requires transitive software.amazon.awssdk.services.sns;
  requires software.amazon.awssdk.core; // SdkException, in the javadoc
  requires org.slf4j;

  exports io.github.agentfeedback.aws;
}
