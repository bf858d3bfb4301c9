/**
 * Maximum likelihood over positive parameters, as both CLV models fit them: BFGS on the
 * log-parameters, minimising the mean negative log-likelihood per customer.
 */
import { minimizeBfgs } from './optimize.js';

/** What a fit reports besides the parameters. */
export interface LikelihoodFit {
  /** Σ over customers of the log-likelihood at the estimate. */
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  readonly message: string;
}

/** Returns the log-likelihood ℓ at `params` and writes ∂ℓ/∂params into `gradient`. */
export type LogLikelihood = (params: Float64Array, gradient: Float64Array) => number;

export interface MaxLikelihoodOptions {
  /** Default 500. */
  readonly maxIterations?: number;
  /** On the gradient of the mean log-likelihood per customer w.r.t. the log-parameters; default 1e-9. */
  readonly gradientTolerance?: number;
}

/**
 * Maximises `logLikelihood` of `customers` (Σ weight) over positive parameters from `start`.
 * The search runs on θ = log(params), so ∂(−ℓ/n)/∂θᵢ = −(∂ℓ/∂paramᵢ)·paramᵢ/n.
 */
export function maximizeLikelihood(
  logLikelihood: LogLikelihood,
  start: readonly number[],
  customers: number,
  options: MaxLikelihoodOptions,
): LikelihoodFit & { readonly params: number[] } {
  const k = start.length;
  const n = customers;
  const params = new Float64Array(k);
  const grad = new Float64Array(k);
  const objective = (theta: Float64Array, g: Float64Array): number => {
    for (let i = 0; i < k; i++) params[i] = Math.exp(theta[i] as number);
    const ll = logLikelihood(params, grad);
    for (let i = 0; i < k; i++) g[i] = (-(grad[i] as number) * (params[i] as number)) / n;
    return -ll / n;
  };
  const result = minimizeBfgs(objective, start.map(Math.log), {
    maxIterations: options.maxIterations ?? 500,
    gradientTolerance: options.gradientTolerance ?? 1e-9,
  });
  return {
    params: Array.from(result.x, Math.exp),
    logLikelihood: -result.value * n,
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
    message: result.message,
  };
}
