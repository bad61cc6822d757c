export type Dtype = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

export function allocFloat(dtype: Dtype, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}
