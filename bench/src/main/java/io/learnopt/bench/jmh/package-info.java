/**
 * JMH benchmarks of the coordinatewise LSTM optimizer: its kernels on one block of coordinates and
 * its trajectory (the optimizer's apply step and a meta-training unroll), plus {@link
 * io.learnopt.bench.jmh.Report}, which runs them and turns times into GFLOP/s. See bench/JMH.md.
 */
package io.learnopt.bench.jmh;
