import type { MarginSimulationResult, SimulatedUnit } from '@exchange/contracts';
import { formatMicro } from '../markets/market-format';
import type { MarginSimulationView } from './margin-simulation.dto';

const INTEGER = /^-?\d+$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isMicro = (value: unknown): boolean => typeof value === 'string' && INTEGER.test(value);

function isUnit(value: unknown): value is SimulatedUnit {
  return (
    isObject(value) &&
    typeof value.unit === 'string' &&
    isMicro(value.initialMargin) &&
    isMicro(value.maintenanceMargin) &&
    isObject(value.charges) &&
    Array.isArray(value.scenarios)
  );
}

/** The risk service's answer holds what the view reads, in the shapes it reads it. */
export function isSimulationResult(value: unknown): value is MarginSimulationResult {
  return (
    isObject(value) &&
    (value.model === 'standard' || value.model === 'portfolio') &&
    typeof value.paramsVersion === 'string' &&
    isObject(value.params) &&
    isMicro(value.initialMargin) &&
    isMicro(value.maintenanceMargin) &&
    Array.isArray(value.units) &&
    value.units.every(isUnit)
  );
}

/** Requirements as USDC decimals; charges, scenarios and parameters as the engine gave them. */
export function toSimulationView(result: MarginSimulationResult): MarginSimulationView {
  return {
    model: result.model,
    paramsVersion: result.paramsVersion,
    params: { ...result.params },
    initialMargin: formatMicro(result.initialMargin),
    maintenanceMargin: formatMicro(result.maintenanceMargin),
    units: result.units.map((unit) => ({
      unit: unit.unit,
      initialMargin: formatMicro(unit.initialMargin),
      maintenanceMargin: formatMicro(unit.maintenanceMargin),
      charges: { ...unit.charges },
      scenarios: [...unit.scenarios],
    })),
  };
}
