import { Inject, Injectable } from '@nestjs/common';
import { VOL_SURFACES, VolSliceWire, VolSurfaceUpdate } from '@exchange/contracts';
import type { Principal } from '../auth/principal';
import type { Clock } from '../clock';
import { ApiError, ErrorCode } from '../http/api-error';
import { MarketCatalog } from '../markets/market-catalog.service';
import { CLOCK } from '../tokens';
import { requireListedUnderlying } from './listed-underlying';
import { StaffActions } from './staff-actions';
import { expiryText, surfaceRejection, surfaceSlices } from './vol-surface-input';
import type { PublishedVolSurfaceView, PublishVolSurfaceBody, VolSliceBody } from './vol-surface.dto';

/** Checks that are about arbitrage; the others (expiry, parameters) describe a malformed surface. */
const ARBITRAGE_CHECKS: ReadonlySet<string> = new Set(['butterfly', 'calendar']);

/**
 * Staff-set volatility surfaces: checked for arbitrage with the risk engine's own pure check,
 * audit-logged, then published on vol.surfaces, replacing the underlying's surface.
 */
@Injectable()
export class VolSurfaceAdminService {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly staff: StaffActions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async publish(caller: Principal, body: PublishVolSurfaceBody): Promise<PublishedVolSurfaceView> {
    await requireListedUnderlying(this.catalog, body.underlying);
    const nowMs = this.clock.nowMs();
    const slices = surfaceSlices(body, nowMs);
    if (!slices.ok) throw new ApiError(400, slices.problem.code, slices.problem.message, slices.problem.details);
    const rejection = surfaceRejection(slices.value, nowMs);
    if (rejection) {
      const arbitrage = ARBITRAGE_CHECKS.has(rejection.check);
      throw new ApiError(
        422,
        arbitrage ? ErrorCode.VOL_SURFACE_ARBITRAGE : ErrorCode.INVALID_VOL_SURFACE,
        `surface refused: ${rejection.reason}`,
        { expiry: expiryText(rejection.expirySec * 1000), check: rejection.check, reason: rejection.reason },
      );
    }
    const update: VolSurfaceUpdate = {
      underlying: body.underlying,
      slices: slices.value,
      timestampMs: nowMs,
      source: 'staff',
    };

    await this.staff.publishUpdate(caller, {
      what: 'volatility surface',
      action: 'vol_surfaces.publish',
      topic: VOL_SURFACES,
      update,
    });
    return { underlying: update.underlying, slices: update.slices.map(toSliceView), timestampMs: update.timestampMs };
  }
}

function toSliceView({ expiryMs, smile }: VolSliceWire): VolSliceBody {
  const expiry = expiryText(expiryMs);
  if (smile.kind === 'flat') return { expiry, atmVol: smile.vol };
  const { a, b, rho, m, sigma } = smile;
  return { expiry, svi: { a, b, rho, m, sigma } };
}
