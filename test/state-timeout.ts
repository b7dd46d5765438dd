// How long a test waits for a state (an element to appear, a status to read "done") before failing: one value
// for every suite, set once. Generous on purpose: tests wait on state, never on time, and a busy machine
// (CI beside other jobs, two cores under load) may take many seconds for what takes milliseconds when quiet.
export const STATE_TIMEOUT_MS = 120_000;
