package io.learnopt.workloads;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Independent vector FMA chains held in registers: 12 accumulators hide the FMA latency (4 cycles ×
 * 2 pipes needs ≥ 8 in flight), so the loop runs at the FMA units' throughput.
 */
final class FmaLoop {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int FMAS_PER_ITERATION = 12;

  private FmaLoop() {}

  /** {@code iterations} × 12 FMAs; returns a value depending on all of them (so none is dead). */
  static float run(long iterations, float seed) {
    FloatVector m = FloatVector.broadcast(S, 0.999999f);
    FloatVector b = FloatVector.broadcast(S, 1e-7f * seed);
    FloatVector a0 = FloatVector.broadcast(S, seed);
    FloatVector a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3), a4 = a0.add(4), a5 = a0.add(5);
    FloatVector a6 = a0.add(6), a7 = a0.add(7), a8 = a0.add(8), a9 = a0.add(9);
    FloatVector a10 = a0.add(10), a11 = a0.add(11);
    for (long i = 0; i < iterations; i++) {
      a0 = a0.fma(m, b);
      a1 = a1.fma(m, b);
      a2 = a2.fma(m, b);
      a3 = a3.fma(m, b);
      a4 = a4.fma(m, b);
      a5 = a5.fma(m, b);
      a6 = a6.fma(m, b);
      a7 = a7.fma(m, b);
      a8 = a8.fma(m, b);
      a9 = a9.fma(m, b);
      a10 = a10.fma(m, b);
      a11 = a11.fma(m, b);
    }
    FloatVector s =
        a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10);
    return s.add(a11).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }
}
