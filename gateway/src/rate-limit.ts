/** Per-caller rate limit: a token bucket per `sub`, refilled continuously. */
export interface RateLimit {
  /** Sustained requests per second for one caller. */
  perSecond: number;
  /** Requests a caller may send at once after being idle. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 20, burst: 40 };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets idle long enough to be full again are dropped, so the map stays small. */
const SWEEP_EVERY = 10_000;

export class CallerRateLimiter {
  readonly #limit: RateLimit;
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;
  #takes = 0;

  constructor(limit: RateLimit, now: () => number = () => performance.now()) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new Error('rate limit: perSecond must be > 0 and burst ≥ 1');
    this.#limit = limit;
    this.#now = now;
  }

  /** Takes one token for `caller`: 0 when allowed, otherwise the seconds to wait before retrying. */
  take(caller: string): number {
    const now = this.#now();
    if (++this.#takes % SWEEP_EVERY === 0) this.#sweep(now);
    const { perSecond, burst } = this.#limit;
    const bucket = this.#buckets.get(caller) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.#buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
  }

  #sweep(now: number): void {
    const full = (this.#limit.burst / this.#limit.perSecond) * 1000;
    for (const [caller, bucket] of this.#buckets) if (now - bucket.at >= full) this.#buckets.delete(caller);
  }
}
