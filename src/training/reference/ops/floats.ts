/** Weights arrive as float32; activations and their gradients are float64 in the reference. */
export type Floats = Float32Array | Float64Array;
