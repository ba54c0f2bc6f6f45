import type { SmileWire, VolSliceWire } from '@exchange/contracts';
import { Smile, SurfaceRejection, VolSurface } from '@exchange/margin';
import { ErrorCode } from '../http/api-error';
import { accept, Checked, refuse } from '../orders/input-problem';
import { parseInstrumentExpiryMs } from './instrument-expiry';
import type { PublishVolSurfaceBody, VolSliceBody } from './vol-surface.dto';

/** An expiry as the API shows it: RFC 3339 in UTC, without milliseconds (expiries are whole seconds). */
export const expiryText = (expiryMs: number): string => new Date(expiryMs).toISOString().replace('.000Z', 'Z');

function smileOf(slice: VolSliceBody, field: string): Checked<SmileWire> {
  if ((slice.svi === undefined) === (slice.atmVol === undefined)) {
    return refuse(ErrorCode.VALIDATION_ERROR, `invalid ${field}`, {
      fields: [{ field, problems: ['exactly one of svi and atmVol is required'] }],
    });
  }
  if (slice.svi) {
    const { a, b, rho, m, sigma } = slice.svi;
    return accept({ kind: 'svi', a, b, rho, m, sigma });
  }
  return accept({ kind: 'flat', vol: slice.atmVol as number });
}

/** The slices of a surface request as the wire carries them, by expiry: each expiry valid and listed once. */
export function surfaceSlices(body: PublishVolSurfaceBody, nowMs: number): Checked<VolSliceWire[]> {
  const slices: VolSliceWire[] = [];
  for (const [index, slice] of body.slices.entries()) {
    const field = `slices.${index}`;
    const expiryMs = parseInstrumentExpiryMs(`${field}.expiry`, slice.expiry, nowMs);
    if (!expiryMs.ok) return expiryMs;
    if (slices.some((earlier) => earlier.expiryMs === expiryMs.value)) {
      return refuse(ErrorCode.INVALID_EXPIRY, `${field}.expiry ${expiryText(expiryMs.value)} is listed twice`, {
        field: `${field}.expiry`,
        reason: 'DUPLICATE',
      });
    }
    const smile = smileOf(slice, field);
    if (!smile.ok) return smile;
    slices.push({ expiryMs: expiryMs.value, smile: smile.value });
  }
  return accept(slices.sort((left, right) => left.expiryMs - right.expiryMs));
}

const toSmile = (wire: SmileWire): Smile =>
  wire.kind === 'flat'
    ? { kind: 'flat', vol: wire.vol }
    : { kind: 'svi', params: { a: wire.a, b: wire.b, rho: wire.rho, m: wire.m, sigma: wire.sigma } };

/**
 * Why the risk engine would refuse the surface (SVI parameters, butterfly or calendar arbitrage),
 * or null: the same pure check the engine runs, so a refused surface is never published.
 */
export function surfaceRejection(slices: readonly VolSliceWire[], nowMs: number): SurfaceRejection | null {
  const built = VolSurface.build(
    slices.map((slice) => ({ expirySec: slice.expiryMs / 1000, smile: toSmile(slice.smile) })),
    Math.floor(nowMs / 1000),
  );
  return built.ok ? null : built.rejection;
}
