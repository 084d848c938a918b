/**
 * The indices into `values` of one longest strictly increasing subsequence, in order, in
 * O(n log n) (patience sorting). Among equally long ones it keeps, at each length, the one ending
 * in the smallest value, as patience sorting does.
 */
export function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = []; // tails[k]: index of the smallest last value of an increasing run of length k + 1
  const previous = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] < values[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) out.push(i);
  return out.reverse();
}
