/** Training-data export (SFT, DPO, plain JSONL) and report JSON. */
module io.github.agentfeedback.export {
  requires transitive io.github.agentfeedback.core;
  requires com.fasterxml.jackson.core;

  exports io.github.agentfeedback.export;
}
