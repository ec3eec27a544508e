/**
 * Implementation of the exports: the row formats, the JSONL writing loop and its escapes.
 * No compatibility promise; use {@link io.github.agentfeedback.export}.
 */
@NullMarked
package io.github.agentfeedback.export.internal;

import org.jspecify.annotations.NullMarked;
