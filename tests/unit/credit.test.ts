/**
 * The course credit rule (docs/domain.md "Course credit"), as scenarios of reports
 * arriving on the server's clock.
 */
import fc from 'fast-check';
import {
  addInterval,
  applyReport,
  isCompleted,
  resumePosition,
  unionLength,
  type CreditState,
} from '../../cloudfunctions/core/rules/credit';

const T0 = Date.parse('2027-03-03T09:00:00.000Z');

/** A viewer of one episode: `report(position, atSecond)` on the server clock (seconds after T0). */
function givenEpisode(durationSec: number) {
  let state: CreditState | null = null;
  const viewer = {
    report(positionSec: number, atSec: number) {
      state = applyReport(state, { positionSec, at: new Date(T0 + atSec * 1000) }, durationSec);
      return viewer;
    },
    /** Steady playback: a report every `every` s of wall time, advancing as far as time passes. */
    watch(fromSec: number, toSec: number, startAt: number, every = 10) {
      let pos = fromSec;
      let at = startAt;
      viewer.report(pos, at);
      while (pos < toSec) {
        const step = Math.min(every, toSec - pos);
        pos += step;
        at += step;
        viewer.report(pos, at);
      }
      return at;
    },
    get state(): CreditState {
      if (!state) throw new Error('no report yet');
      return state;
    },
  };
  return viewer;
}

describe('credit rule', () => {
  it('the first report only sets the position', () => {
    const v = givenEpisode(120).report(40, 0);
    expect(v.state).toMatchObject({ positionSec: 40, creditedSec: 0, completed: false, intervals: [] });
  });

  it('seeking to the end does not complete the episode', () => {
    const v = givenEpisode(300).report(0, 0).report(299, 3).report(300, 5);
    expect(v.state.creditedSec).toBeLessThanOrEqual(2);
    expect(v.state.completed).toBe(false);
    expect(v.state.positionSec).toBe(300);
  });

  it('steady watching (a report every 10 s of wall time advancing ~10 s) completes the episode', () => {
    const v = givenEpisode(300);
    v.watch(0, 300, 0);
    expect(v.state.creditedSec).toBe(300);
    expect(v.state.completed).toBe(true);
  });

  it('completes at 90 % of the episode, not before', () => {
    const v = givenEpisode(100);
    v.watch(0, 89, 0);
    expect(v.state).toMatchObject({ creditedSec: 89, completed: false });
    v.report(90, 89 + 1);
    expect(v.state).toMatchObject({ creditedSec: 90, completed: true });
  });

  it('watching with small network jitter (reports 9–11 s apart) still completes', () => {
    const v = givenEpisode(120);
    const gaps = [10, 9, 11, 10, 12, 8, 10, 10, 11, 9, 10, 10];
    let at = 0;
    let pos = 0;
    v.report(0, 0);
    for (const g of gaps) {
      at += g;
      pos = Math.min(120, pos + 10); // the player advances 10 s per report, the wall clock jitters
      v.report(pos, at);
    }
    expect(v.state.completed).toBe(true);
  });

  it('a duplicate report earns nothing', () => {
    const v = givenEpisode(300).report(0, 0).report(10, 10);
    const before = v.state.creditedSec;
    v.report(10, 10).report(10, 10).report(10, 20);
    expect(v.state.creditedSec).toBe(before);
  });

  it('a burst of reports sent at once earns at most the allowance (12 reports 2 s apart on a 24 s episode)', () => {
    // the attack that completed an episode in 25 ms under the old per-report 2 s grace
    const v = givenEpisode(24).report(0, 0);
    for (let i = 1; i <= 12; i++) v.report(i * 2, (0.025 * i) / 12);
    expect(v.state.creditedSec).toBeLessThanOrEqual(2 + 1.5 * 0.025 + 1e-9);
    expect(v.state.completed).toBe(false);
    expect(v.state.positionSec).toBe(24);
  });

  it('the allowance spent by a burst refills with wall time, 1.5 s per second', () => {
    const v = givenEpisode(300).report(0, 0).report(2, 0); // the first 2 s spent
    expect(v.state.creditedSec).toBe(2);
    v.report(4, 0); // nothing left
    expect(v.state.creditedSec).toBe(2);
    v.report(7, 2); // 2 s later: 3 s refilled, the move 4 → 7 fits
    expect(v.state.creditedSec).toBe(5);
  });

  it('a server clock going backwards earns nothing, and later reports are measured from it', () => {
    const v = givenEpisode(300).report(0, 100);
    v.report(10, 50); // clock went back 50 s
    expect(v.state.creditedSec).toBe(0);
    expect(v.state.positionSec).toBe(10);
    v.report(20, 60); // 10 s after the backwards report: honest watching again
    expect(v.state.creditedSec).toBe(10);
  });

  it('backward moves (rewinding) earn nothing and re-watching is not counted twice', () => {
    const v = givenEpisode(300).report(0, 0).report(10, 10).report(20, 20);
    expect(v.state.creditedSec).toBe(20);
    v.report(5, 30); // rewind
    expect(v.state).toMatchObject({ creditedSec: 20, positionSec: 5 });
    v.report(15, 40).report(25, 50); // watch 5→25 again: only 20→25 is new
    expect(v.state.creditedSec).toBe(25);
    expect(v.state.intervals).toEqual([[0, 25]]);
  });

  describe('the token bucket: 2 s to start, +1.5 s per second, at most 15 s', () => {
    it('a move of exactly the allowance counts', () => {
      const v = givenEpisode(300).report(0, 0).report(11, 6); // 2 + 6 × 1.5 = 11
      expect(v.state.creditedSec).toBe(11);
    });

    it('a move just beyond it is a seek and earns nothing', () => {
      const v = givenEpisode(300).report(0, 0).report(11.01, 6);
      expect(v.state.creditedSec).toBe(0);
      expect(v.state.positionSec).toBe(11.01);
    });

    it('no jump over 15 s is ever credited, however long the pause', () => {
      expect(givenEpisode(300).report(0, 0).report(15, 600).state.creditedSec).toBe(15);
      expect(givenEpisode(300).report(0, 0).report(15.01, 600).state.creditedSec).toBe(0);
    });

    it('the 2 s start alone, with no time passing', () => {
      expect(givenEpisode(300).report(0, 0).report(2, 0).state.creditedSec).toBe(2);
      expect(givenEpisode(300).report(0, 0).report(2.01, 0).state.creditedSec).toBe(0);
    });

    it('watching at 1.5× speed counts, 2× speed does not', () => {
      const fast = givenEpisode(300).report(0, 0).report(15, 10).report(30, 20);
      expect(fast.state.creditedSec).toBe(30);
      const tooFast = givenEpisode(300).report(0, 0).report(20, 10).report(40, 20);
      expect(tooFast.state.creditedSec).toBe(0);
    });

    it('a seek spends nothing: honest watching from the new position counts', () => {
      const v = givenEpisode(300).report(0, 0).report(10, 10).report(200, 12).report(210, 22);
      expect(v.state.intervals).toEqual([
        [0, 10],
        [200, 210],
      ]);
      expect(v.state.creditedSec).toBe(20);
    });
  });

  it('clamps positions to [0, duration]', () => {
    const v = givenEpisode(60).report(-5, 0);
    expect(v.state.positionSec).toBe(0);
    v.report(55, 1).report(1000, 61); // a seek to 55, then 1000 clamped to 60 after 60 s: +5 s
    expect(v.state.positionSec).toBe(60);
    expect(v.state.creditedSec).toBe(5);
  });

  it('completion is sticky', () => {
    const v = givenEpisode(60);
    v.watch(0, 60, 0);
    expect(v.state.completed).toBe(true);
    const completedAt = v.state.completedAt;
    v.report(0, 100).report(0, 200);
    expect(v.state.completed).toBe(true);
    expect(v.state.completedAt).toBe(completedAt);
  });

  it('the resume position is the last reported position (from the start when it was the end)', () => {
    const v = givenEpisode(60).report(0, 0).report(10, 10).report(42, 11);
    expect(v.state.positionSec).toBe(42);
    expect(resumePosition(42, 60)).toBe(42);
    expect(resumePosition(59.5, 60)).toBe(0);
  });

  it('intervals merge into a sorted, disjoint union', () => {
    let iv = addInterval([], 10, 20);
    iv = addInterval(iv, 30, 40);
    iv = addInterval(iv, 0, 5);
    iv = addInterval(iv, 18, 31);
    iv = addInterval(iv, 5, 6); // touching merges
    expect(iv).toEqual([
      [0, 6],
      [10, 40],
    ]);
    expect(unionLength(iv)).toBe(36);
    expect(isCompleted(54, 60)).toBe(true);
    expect(isCompleted(53.9, 60)).toBe(false);
  });

  it('property: credit never grows faster than 1.5 × wall time (+ the first 2 s), no credited piece is longer than 15 s', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.double({ min: -30, max: 60, noNaN: true }), pos: fc.double({ min: -10, max: 400, noNaN: true }) }), {
          minLength: 1,
          maxLength: 60,
        }),
        (reports) => {
          const duration = 300;
          let state: CreditState | null = null;
          let at = 0;
          let wall = 0;
          for (const [i, r] of reports.entries()) {
            at += r.dt;
            if (i > 0) wall += Math.max(0, r.dt);
            const before: number = state ? (state as CreditState).creditedSec : 0;
            state = applyReport(state, { positionSec: r.pos, at: new Date(T0 + at * 1000) }, duration);
            expect(state.creditedSec - before).toBeLessThanOrEqual(15 + 1e-6);
            expect(state.creditedSec).toBeLessThanOrEqual(2 + 1.5 * wall + 1e-6);
          }
          const s = state!;
          expect(s.creditedSec).toBeLessThanOrEqual(duration);
          for (let i = 1; i < s.intervals.length; i++) expect(s.intervals[i][0]).toBeGreaterThan(s.intervals[i - 1][1]);
        },
      ),
    );
  });
});
