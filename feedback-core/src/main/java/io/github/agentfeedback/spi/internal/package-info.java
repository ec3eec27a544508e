/**
 * Helpers of the reference fold (comment tokenizing). Implementation details without any
 * compatibility promise; not exported.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.spi.internal;

import org.jspecify.annotations.NullMarked;
