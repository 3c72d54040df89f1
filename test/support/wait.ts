// The one polling helper of the tests: checks a condition until it holds and fails, naming what
// it waited for, when time runs out — a wait that returns quietly lets the next assertion
// report a symptom instead of the cause. Proving that something did NOT happen is never a
// wait: drain the work explicitly (or move an injected clock), then assert.

export type WaitOptions = {
  /** What is awaited, for the error: a sentence fragment, or a function to show the state reached. */
  what: string | (() => string | Promise<string>);
  /** Default 15 s: generous, for a loaded machine or a horizon held back on a shared server. */
  timeoutMs?: number;
  /** Pause between checks; default 50 ms. */
  intervalMs?: number;
};

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Runs `check` until it returns a truthy value, and returns that value. A check may do work
 * before it answers (a pass of a job, a request). Throws when `timeoutMs` has passed; an error
 * thrown by `check` itself is not retried.
 */
export async function waitFor<T>(check: () => T | Promise<T>, options: WaitOptions): Promise<Truthy<T>> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() - started >= timeoutMs) {
      const what = typeof options.what === 'function' ? await options.what() : options.what;
      throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}
