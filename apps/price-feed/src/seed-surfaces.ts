import type { SmileWire, VolSliceWire, VolSurfaceUpdate } from '@exchange/contracts';
import { sviTotalVariance, VolSurface, yearsBetween, type Smile } from '@exchange/margin';

export type SurfaceCover =
  /** The last surface has a slice for every listed expiry. */
  | { readonly kind: 'covered' }
  | { readonly kind: 'publish'; readonly update: VolSurfaceUpdate }
  /** No surface can be made: no vol to start from, or the extended surface would allow arbitrage. */
  | { readonly kind: 'none'; readonly reason: string };

/**
 * The surface to publish so each listed option expiry of `underlying` has a slice: the last surface
 * (its expired slices dropped) with a flat slice added per missing expiry, at the at-the-money vol
 * of the last surface's nearest expiry, or at `defaultVol` when there is no surface yet. Checked for
 * arbitrage like any surface before it is sent.
 */
export function coverExpiries(
  underlying: string,
  expiriesMs: readonly number[],
  last: VolSurfaceUpdate | undefined,
  defaultVol: number | undefined,
  nowMs: number,
): SurfaceCover {
  const live = (last?.slices ?? []).filter((slice) => slice.expiryMs > nowMs);
  const missing = expiriesMs.filter((expiryMs) => !live.some((slice) => slice.expiryMs === expiryMs));
  if (missing.length === 0) return { kind: 'covered' };
  const added: VolSliceWire[] = [];
  for (const expiryMs of missing) {
    const vol = atTheMoneyVol(nearest(live, expiryMs), nowMs) ?? defaultVol;
    if (vol === undefined) return { kind: 'none', reason: `no surface and no default vol for ${underlying}` };
    added.push({ expiryMs, smile: { kind: 'flat', vol } });
  }
  const slices = [...live, ...added].sort((left, right) => left.expiryMs - right.expiryMs);
  const built = VolSurface.build(
    slices.map((slice) => ({ expirySec: Math.round(slice.expiryMs / 1000), smile: smileOf(slice.smile) })),
    nowMs / 1000,
  );
  if (!built.ok) return { kind: 'none', reason: built.rejection.reason };
  return { kind: 'publish', update: { underlying, slices, timestampMs: nowMs, source: 'seed' } };
}

function nearest(slices: readonly VolSliceWire[], expiryMs: number): VolSliceWire | undefined {
  let best: VolSliceWire | undefined;
  for (const slice of slices)
    if (!best || Math.abs(slice.expiryMs - expiryMs) < Math.abs(best.expiryMs - expiryMs)) best = slice;
  return best;
}

/** The slice's implied vol at the forward (k = 0). */
function atTheMoneyVol(slice: VolSliceWire | undefined, nowMs: number): number | undefined {
  if (!slice) return undefined;
  if (slice.smile.kind === 'flat') return slice.smile.vol;
  const years = yearsBetween(nowMs / 1000, slice.expiryMs / 1000);
  const variance = sviTotalVariance(slice.smile, 0);
  return years > 0 && variance > 0 ? Math.sqrt(variance / years) : undefined;
}

function smileOf(wire: SmileWire): Smile {
  if (wire.kind === 'flat') return wire;
  const { a, b, rho, m, sigma } = wire;
  return { kind: 'svi', params: { a, b, rho, m, sigma } };
}
