/**
 * Token bucket for a queue's rate limit (jobs per second). Pure: state in, verdict out.
 * Capacity = `limit` tokens, refilled continuously at `limit` tokens per second.
 */

/** Mutable bucket state, owned by the queue. */
export interface TokenBucket {
  tokens: number;
  /** Time of the last refill, epoch ms. */
  last: number;
}

/** A full bucket at `now`. */
export function newBucket(limit: number, now: number): TokenBucket {
  return { tokens: limit, last: now };
}

/** Refill `bucket` up to `now` (mutates it). */
export function refill(bucket: TokenBucket, limit: number, now: number): void {
  if (now > bucket.last) {
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.last) * limit) / 1000);
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
  bucket.tokens = Math.min(limit, bucket.tokens + n);
}

/** Milliseconds until one whole token is available (0 if one is). */
export function msUntilToken(bucket: TokenBucket, limit: number, now: number): number {
  refill(bucket, limit, now);
  if (bucket.tokens >= 1 - 1e-9) return 0;
  return Math.ceil(((1 - bucket.tokens) * 1000) / limit);
}
