/**
 * Training-data export: stored feedback as supervised fine-tuning examples (SFT JSONL),
 * preference pairs (DPO JSONL) or a plain JSONL dump of every field, streamed in constant
 * memory; and analytics results as JSON.
 *
 * <pre>{@code
 * ExportSummary summary = FeedbackExporter.sft()
 *     .export(manager, FeedbackQuery.all(), Path.of("sft.jsonl"));
 * }</pre>
 *
 * <p>{@link io.github.agentfeedback.export.FeedbackExporter} is the entry point;
 * {@link io.github.agentfeedback.export.ExportSummary} reports what each export wrote and
 * skipped ({@link io.github.agentfeedback.export.SkipReason}), and
 * {@link io.github.agentfeedback.export.ExportException} reports I/O failures.
 *
 * <p>{@link io.github.agentfeedback.export.ReportJson} renders analytics results (a period
 * report, a summary, a trend, ranked groups, a cohort comparison, win rates, problems) as
 * JSON with stable snake-case field names.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.export;

import org.jspecify.annotations.NullMarked;
