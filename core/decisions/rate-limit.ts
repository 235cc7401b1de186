/**
 * Token bucket for a queue's rate limit (jobs per second). Pure: state in, verdict out.
 * Capacity = `limit` tokens (at least 1, so limits below 1/s still admit a job),
 * refilled continuously at `limit` tokens per second.
 */

/** Bucket capacity for `limit` jobs per second. */
export function capacity(limit: number): number {
  return limit < 1 ? 1 : limit;
}

/** Mutable bucket state, owned by the queue. */
export interface TokenBucket {
  tokens: number;
  /** Time of the last refill, epoch ms. */
  last: number;
}

/** A full bucket at `now`. */
export function newBucket(limit: number, now: number): TokenBucket {
  return { tokens: capacity(limit), last: now };
}

/** Refill `bucket` up to `now` (mutates it). */
export function refill(bucket: TokenBucket, limit: number, now: number): void {
  if (now > bucket.last) {
    bucket.tokens = Math.min(capacity(limit), bucket.tokens + ((now - bucket.last) * limit) / 1000);
    bucket.last = now;
  }
}

/** Take up to `want` whole tokens at `now`; returns how many were granted. */
export function takeTokens(bucket: TokenBucket, limit: number, want: number, now: number): number {
  refill(bucket, limit, now);
  const granted = Math.min(want, Math.floor(bucket.tokens + 1e-9));
  if (granted > 0) bucket.tokens -= granted;
  return granted;
}

/** Give back tokens taken but not used (e.g. fewer ready jobs than tokens). */
export function returnTokens(bucket: TokenBucket, limit: number, n: number): void {
  bucket.tokens = Math.min(capacity(limit), bucket.tokens + n);
}

/** Milliseconds until one whole token is available (0 if one is). */
export function msUntilToken(bucket: TokenBucket, limit: number, now: number): number {
  refill(bucket, limit, now);
  if (bucket.tokens >= 1 - 1e-9) return 0;
  return Math.ceil(((1 - bucket.tokens) * 1000) / limit);
}
