/**
 * Fixed, documented performance workloads (what {@code learnopt bench} runs and {@code
 * bench/torch_reference.py} mirrors in PyTorch), their FLOP counts and the machine's peak.
 */
package io.learnopt.workloads;
