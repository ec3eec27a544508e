/**
 * Implementation details of the notification hooks: the texts the notifiers share (ordinals,
 * rating adjectives). No compatibility promise; use {@link io.github.agentfeedback.hooks.notify}.
 */
@NullMarked
package io.github.agentfeedback.hooks.notify.internal;

import org.jspecify.annotations.NullMarked;
