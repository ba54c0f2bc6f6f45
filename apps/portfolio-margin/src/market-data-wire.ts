import { MarginParamsUpdate, VolSurfaceUpdate } from '@exchange/contracts';
import { parsePortfolioMarginParams, PortfolioMarginParams, SurfaceSlice, VolSurface } from '@exchange/margin';

/** Each update's surface, built once: the marks sent first and the engine's update then share it. */
const surfaces = new WeakMap<VolSurfaceUpdate, VolSurface>();

/**
 * The surface an update describes, built as of the update's own time (so a replay builds the same
 * one); the gateway checked it for arbitrage before sending it, so a refusal here is a bug upstream.
 */
export function surfaceOf(update: VolSurfaceUpdate): VolSurface {
  const built = surfaces.get(update);
  if (built) return built;
  const slices: SurfaceSlice[] = update.slices.map(({ expiryMs, smile }) => ({
    expirySec: Math.floor(expiryMs / 1000),
    smile:
      smile.kind === 'flat'
        ? { kind: 'flat', vol: smile.vol }
        : { kind: 'svi', params: { a: smile.a, b: smile.b, rho: smile.rho, m: smile.m, sigma: smile.sigma } },
  }));
  const build = VolSurface.build(slices, Math.floor(update.timestampMs / 1000));
  if (!build.ok) throw new Error(`${update.underlying} surface refused: ${build.rejection.reason}`);
  surfaces.set(update, build.surface);
  return build.surface;
}

/** The parameters an update carries, checked again: a structure the engine cannot trust is refused. */
export function paramsOf(update: MarginParamsUpdate): PortfolioMarginParams {
  const parsed = parsePortfolioMarginParams(update.params, update.underlying);
  if (!parsed.ok) {
    throw new Error(`${update.underlying} margin parameters refused: ${parsed.problem.field} ${parsed.problem.reason}`);
  }
  return parsed.params;
}
