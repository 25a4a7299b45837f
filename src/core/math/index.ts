// The math core's public surface. Other parts import from here (or from the modules directly).
export * from './types';
export {
  CATALOG, closestActivationNames, defaultParams, findActivation, findParam, frameworkDefaults, getActivation,
  isActivationId, validateParams,
} from './catalog';
export { THRESHOLDS, thresholds, type NumericThresholds } from './thresholds';
export * from './naive';
export { stableSigmoid, stableSigmoidDerivative, sigmoidSecondDerivative, exactSoftplus, logSigmoid } from './sigmoid';
export { accurateExp } from './exp';
export { accurateTanh, expm1Number } from './elementary';
export { stableSoftmax, stableLogSoftmax, logSumExp } from './vector';
export { SATURATION_SLOPE } from './properties';
