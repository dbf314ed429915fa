/**
 * Login attempts: after `max` failures for one user name or one address within the window,
 * further attempts are refused until the window has passed. Successful logins clear the name.
 */
export class LoginLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private max = 5,
    private windowMs = 15 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Minutes to wait, or 0 when an attempt is allowed. */
  blocked(username: string, ip: string, now = Date.now()): number {
    let wait = 0;
    for (const key of [`u:${username.toLowerCase()}`, `ip:${ip}`]) {
      const list = this.recent(key, now);
      const limit = key.startsWith("ip:") ? this.max * 4 : this.max;
      if (list.length >= limit) wait = Math.max(wait, Math.ceil((this.windowMs - (now - list[0]!)) / 60_000));
    }
    return wait;
  }

  fail(username: string, ip: string, now = Date.now()): void {
    for (const key of [`u:${username.toLowerCase()}`, `ip:${ip}`]) this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > 100_000) this.failures.clear(); // bounded memory under a flood
  }

  succeed(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }
}
