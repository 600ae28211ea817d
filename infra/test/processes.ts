import type { ChildProcess } from 'node:child_process';

/**
 * Child processes the test helpers started that have not exited yet. A test that fails between
 * starting a process (a server, a worker) and stopping it would otherwise leave it holding its
 * pipes open, and jest would wait for it after the run until CI's own limit (this happened
 * once): helpers `track` what they start, suites call `killTracked` in afterAll.
 */
const running = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGKILLs every tracked process still running and waits until each has exited. */
export async function killTracked(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r()))),
  );
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(exits);
}
