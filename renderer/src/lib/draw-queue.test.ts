// The draw queue with a clock the test moves: each draw "takes" the time it is given.
import { describe, expect, test } from 'vitest';
import { DrawQueue } from './draw-queue.ts';

function harness(budgetMs: number) {
  let time = 0;
  const frames: (() => void)[] = [];
  const queue = new DrawQueue({ requestFrame: (callback) => frames.push(callback), now: () => time }, budgetMs);
  const drawn: string[] = [];
  const chart = (name: string, ms: number) => () => {
    drawn.push(name);
    time += ms;
  };
  /** Runs the frames asked for so far; returns what each drew. */
  const runFrames = () => {
    const perFrame: string[][] = [];
    while (frames.length > 0) {
      const before = drawn.length;
      frames.shift()!();
      perFrame.push(drawn.slice(before));
    }
    return perFrame;
  };
  return { queue, chart, runFrames };
}

describe('DrawQueue', () => {
  test('should draw nothing before a frame, then as many charts per frame as the budget allows', () => {
    const { queue, chart, runFrames } = harness(24);
    const charts = ['a', 'b', 'c', 'd', 'e'].map((name) => chart(name, 10));
    for (const draw of charts) queue.request(draw);
    expect(queue.size).toBe(5);
    // 10 ms each: the third draw starts at 20 ms < 24, the fourth would start at 30 ms.
    expect(runFrames()).toEqual([['a', 'b', 'c'], ['d', 'e']]);
    expect(queue.size).toBe(0);
  });

  test('should draw a chart asked for twice once, and a slow chart alone in its frame', () => {
    const { queue, chart, runFrames } = harness(24);
    const slow = chart('slow', 100);
    const quick = chart('quick', 1);
    queue.request(slow);
    queue.request(quick);
    queue.request(slow);
    expect(runFrames()).toEqual([['slow'], ['quick']]);
  });

  test("should leave a draw that would overrun the frame's budget to the next frame, once its cost is known", () => {
    const { queue, chart, runFrames } = harness(24);
    const quick = chart('quick', 5);
    const slow = chart('slow', 40);
    queue.request(quick);
    queue.request(slow);
    // Not yet drawn, the slow chart's cost is unknown: it follows the quick one in its frame.
    expect(runFrames()).toEqual([['quick', 'slow']]);
    queue.request(quick);
    queue.request(slow);
    expect(runFrames()).toEqual([['quick'], ['slow']]);
  });

  test('should put urgent draws first, and forget cancelled ones', () => {
    const { queue, chart, runFrames } = harness(24);
    const [a, b, c] = [chart('a', 1), chart('b', 1), chart('c', 1)];
    queue.request(a);
    queue.request(b);
    queue.request(c);
    queue.request(c, true);
    queue.cancel(a);
    expect(runFrames()).toEqual([['c', 'b']]);
  });
});
