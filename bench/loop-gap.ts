// How long work takes, and the longest time the event loop could not run meanwhile (the
// longest gap between ticks of a 1 ms timer, the last one up to the end included: work that
// never gives the loop a turn shows as one gap as long as itself). Calls' media needs a turn
// every 20 ms; benches that run work beside calls print this.
export async function withLoopGap<T>(work: () => T | Promise<T>): Promise<{ value: T; ms: number; gap: number }> {
  let gap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 30)); // the timer ticking before the work starts
  gap = 0;
  last = performance.now();
  const start = performance.now();
  const value = await work();
  const end = performance.now();
  clearInterval(timer);
  return { value, ms: end - start, gap: Math.max(gap, end - last) };
}
