/** Loudness per 10 ms frame (RMS), the shape that survives the browser's resampling of a fake microphone. */
export function envelope(pcm: Int16Array, frame = 160): Float64Array {
  const out = new Float64Array(Math.floor(pcm.length / frame));
  for (let f = 0; f < out.length; f++) {
    let sum = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += pcm[i] * pcm[i];
    out[f] = Math.sqrt(sum / frame);
  }
  return out;
}

/**
 * Where a piece of recorded audio sits inside the original recording: the offset (in 10 ms frames) whose loudness
 * curve correlates best with the piece's, and that correlation (1 = the same shape).
 */
export function locate(piece: Int16Array, original: Int16Array): { offsetMs: number; correlation: number } {
  const a = envelope(piece);
  const b = envelope(original);
  let best = { offsetMs: 0, correlation: -1 };
  for (let shift = 0; shift + a.length <= b.length; shift++) {
    const correlation = pearson(a, b.subarray(shift, shift + a.length));
    if (correlation > best.correlation) best = { offsetMs: shift * 10, correlation };
  }
  return best;
}

function pearson(x: Float64Array, y: Float64Array): number {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= x.length;
  my /= y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}
