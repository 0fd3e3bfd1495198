/**
 * Omniglot few-shot data: the shipped background characters ({@link
 * io.learnopt.data.omniglot.Omniglot}, in the repository's {@code data/omniglot/}, split by
 * alphabet into meta-training and validation), Lake's official one-shot runs, and seeded N-way
 * K-shot {@link io.learnopt.data.omniglot.Episode}s drawn by an {@link
 * io.learnopt.data.omniglot.EpisodeSampler}, optionally with rotated characters as extra classes.
 * JDK only (zips by {@code java.util.zip}, PNGs by {@code javax.imageio}); every missing or corrupt
 * file is a {@link io.learnopt.LearnoptException} that names the file, the problem and the fix, and
 * every impossible episode shape a {@link io.learnopt.UsageException} that says the maximum.
 */
package io.learnopt.data.omniglot;
