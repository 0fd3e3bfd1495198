package io.learnopt.io;

import java.io.IOException;

/**
 * A callback that may throw {@link IOException}, e.g. one that writes a file's bytes into the
 * stream {@link AtomicFiles#write(java.nio.file.Path, IoConsumer)} hands it.
 *
 * @param <T> what the callback receives
 */
@FunctionalInterface
public interface IoConsumer<T> {
  /** Consumes {@code value}. */
  void accept(T value) throws IOException;
}
