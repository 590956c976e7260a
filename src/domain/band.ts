/** The band a 0–100 score falls in (the top band holds 100). */
export function bandFor<B extends { min: number; max: number }>(bands: readonly B[], score: number): B {
  const found = bands.find((band) => score >= band.min && score < band.max);
  const last = bands[bands.length - 1];
  if (found) return found;
  if (!last) throw new Error('bandFor needs at least one band');
  return score <= 0 ? (bands[0] as B) : last;
}
