// The pane's progress: a share of the step (hosts count cells or requests), monotonic within a step.
import { advance } from '../../src/taskpane/useSession';

describe('progress', () => {
  it('is a share that only grows within one activity and never passes its end', () => {
    let p = advance(null, 'write-results', 0, 0);
    expect(p).toEqual({ activity: 'write-results', fraction: null });
    p = advance(p, 'write-results', 3, 10);
    expect(p.fraction).toBeCloseTo(0.3);
    // a host that recounts (more steps after a retry) does not move the bar back…
    p = advance(p, 'write-results', 3, 20);
    expect(p.fraction).toBeCloseTo(0.3);
    // …nor past its end when it reports more than its total
    p = advance(p, 'write-results', 25, 20);
    expect(p.fraction).toBe(1);
    // a new activity starts afresh
    expect(advance(p, 'reread', 1, 4)).toEqual({ activity: 'reread', fraction: 0.25 });
  });
});
