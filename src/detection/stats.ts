/**
 * Upper-tail probabilities for small counts. Distinct reporters in a window are
 * Poisson when the expected rate is known exactly; the baseline is itself an
 * estimate, so the detector uses a negative binomial with the same mean and a
 * variance of mean + (cv * mean)^2, which tends to the Poisson as cv → 0.
 */

// Lanczos approximation (g = 7, n = 9): ~15 significant digits, plenty for tail tests.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X >= x) for X ~ Poisson(mean). */
export function poissonUpperTail(x: number, mean: number): number {
  if (x <= 0) return 1;
  if (mean <= 0) return 0;
  const logTerm = (k: number) => k * Math.log(mean) - mean - logGamma(k + 1);
  return sumTail(x, mean, logTerm(x), (k) => mean / (k + 1));
}

/**
 * P(X >= x) for a negative binomial with the given mean and coefficient of
 * variation of the rate (size r = 1 / cv^2); cv = 0 is the Poisson.
 */
export function negBinomialUpperTail(x: number, mean: number, cv: number): number {
  if (cv <= 0) return poissonUpperTail(x, mean);
  if (x <= 0) return 1;
  if (mean <= 0) return 0;
  const r = 1 / (cv * cv);
  const q = mean / (r + mean);
  const logTerm = (k: number) =>
    logGamma(k + r) - logGamma(r) - logGamma(k + 1) + r * Math.log(r / (r + mean)) + k * Math.log(q);
  return sumTail(x, mean, logTerm(x), (k) => ((k + r) / (k + 1)) * q);
}

/**
 * Sums pmf(x) + pmf(x+1) + … from the first term's logarithm and the ratio of
 * successive terms. Below the mean the tail is large and never significant, so
 * 1 is close enough there and saves the long sum.
 */
function sumTail(x: number, mean: number, logFirst: number, ratio: (k: number) => number): number {
  if (x <= mean) return 1;
  let term = Math.exp(logFirst);
  let sum = 0;
  for (let k = x; k < x + 100_000; k++) {
    sum += term;
    term *= ratio(k);
    if (term < sum * 1e-15) break;
  }
  return Math.min(1, sum);
}
