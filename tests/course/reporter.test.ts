/**
 * The player's reporting schedule (src/course/player/reporter.ts): when the H5/weapp player tells the
 * server where it is. Scenarios drive fake time updates the way the <Video> component fires them.
 */
import { PlaybackReporter, REPORT_EVERY_MS } from '../../src/course/player/reporter';

function givenPlayer(startSec = 0) {
  let now = 1_000_000;
  const sent: number[] = [];
  const saved: number[] = [];
  const r = new PlaybackReporter({ send: (p) => sent.push(p), save: (p) => saved.push(p), now: () => now }, startSec);
  let t = startSec;
  return {
    r,
    sent,
    saved,
    /** Plays for `seconds` of wall time at `rate`, with a time update every 0.25 s. */
    play(seconds: number, rate = 1) {
      for (let i = 0; i < seconds * 4; i++) {
        now += 250;
        t += 0.25 * rate;
        r.onTime(t);
      }
    },
    seekTo(sec: number) {
      t = sec;
      r.onTime(t);
    },
    get t() {
      return t;
    },
  };
}

describe('progress reports from the player', () => {
  it('reports the starting point on play, then at least every 5 s while playing', () => {
    const p = givenPlayer(13);
    p.r.onPlay();
    p.play(31);
    expect(p.sent).toEqual([13, 17, 21, 25, 29, 33, 37, 41]);
    const gaps = p.sent.slice(1).map((q, i) => q - p.sent[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5);
    expect(REPORT_EVERY_MS).toBeLessThanOrEqual(5_000);
  });

  it('reports on pause and at the end, but not the same position twice', () => {
    const p = givenPlayer();
    p.r.onPlay();
    p.play(4);
    p.r.onPause();
    p.r.onPause();
    p.r.flush(); // page hide right after: nothing new
    expect(p.sent).toEqual([0, 4]);
    p.r.onPlay();
    p.play(2);
    p.r.onEnded(24);
    expect(p.sent).toEqual([0, 4, 24]);
  });

  it('around a seek: the position before the jump, then the new one', () => {
    const p = givenPlayer();
    p.r.onPlay();
    p.play(6);
    p.seekTo(23.5);
    expect(p.sent).toEqual([0, 4, 6, 23.5]);
    p.r.onEnded(24);
    expect(p.sent).toEqual([0, 4, 6, 23.5, 24]);
  });

  it('saves the position locally about every second (sent later if the page dies)', () => {
    const p = givenPlayer();
    p.r.onPlay();
    p.play(5);
    expect(p.saved.length).toBeGreaterThanOrEqual(4);
    expect(p.saved[p.saved.length - 1]).toBeGreaterThanOrEqual(4);
  });

  it('does not report while paused, except for seeks', () => {
    const p = givenPlayer(8);
    p.r.onTime(8);
    p.r.onTime(8);
    expect(p.sent).toEqual([]);
    p.seekTo(2);
    expect(p.sent).toEqual([8, 2]);
  });
});
