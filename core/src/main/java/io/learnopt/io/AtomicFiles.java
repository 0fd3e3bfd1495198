package io.learnopt.io;

import io.learnopt.LearnoptException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * prefix: the bytes go to a temporary file in the target's directory (same file system, so the
 * rename cannot turn into a copy), are forced to disk, and the temporary file is then renamed over
 * the target with {@code ATOMIC_MOVE}. A killed run leaves at most a stray {@code .NAME.*.tmp}
 * file, never a truncated checkpoint or results file, and the next write of the same target deletes
 * such leftovers (those this JVM is not writing at that moment).
 */
public final class AtomicFiles {
  private static final int BUFFER_BYTES = 1 << 16;

  /** Temporary files this JVM is writing now, which the clean-up of leftovers must not touch. */
  private static final java.util.Set<Path> IN_FLIGHT =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private AtomicFiles() {}

  /** Replaces {@code target} with {@code bytes}, creating parent directories as needed. */
  public static void write(Path target, byte[] bytes) {
    write(target, out -> out.write(bytes));
  }

  /** Replaces {@code target} with {@code text} encoded as UTF-8. */
  public static void writeString(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Replaces {@code target} with whatever {@code writer} writes into the stream it is given. The
   * stream is buffered; closing it inside the callback is allowed and has no effect.
   *
   * @throws LearnoptException naming {@code target} if writing or renaming fails; the temporary
   *     file is deleted first. Runtime exceptions thrown by {@code writer} propagate unchanged
   *     (after the same clean-up), so a validation error keeps its own message.
   */
  public static void write(Path target, IoConsumer<OutputStream> writer) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      deleteLeftovers(dir, absolute.getFileName().toString());
      temp = createTemp(dir, absolute.getFileName().toString());
      IN_FLIGHT.add(temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out =
            new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
        writer.accept(new UncloseableStream(out));
        out.flush();
        // Force before rename: otherwise a power loss can leave the new name pointing at
        // a file whose data blocks were never written.
        channel.force(true);
      }
      move(temp, absolute);
      IN_FLIGHT.remove(temp);
      temp = null;
    } catch (IOException e) {
      throw new LearnoptException(
          "cannot write "
              + target
              + ": "
              + describe(e)
              + "; check that the directory exists or can be created, is writable, and the disk"
              + " is not full",
          e);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
        IN_FLIGHT.remove(temp);
      }
    }
  }

  /**
   * Deletes {@code .name.<hex>.tmp} files in {@code dir} left by killed writers of {@code name}.
   */
  private static void deleteLeftovers(Path dir, String name) throws IOException {
    String prefix = "." + name + ".";
    try (var entries = Files.newDirectoryStream(dir, p -> isTemp(p, prefix))) {
      for (Path leftover : entries) {
        if (!IN_FLIGHT.contains(leftover)) {
          deleteQuietly(leftover);
        }
      }
    }
  }

  private static boolean isTemp(Path file, String prefix) {
    String name = file.getFileName().toString();
    return name.startsWith(prefix)
        && name.endsWith(".tmp")
        && name.substring(prefix.length(), name.length() - 4).matches("[0-9a-f]+");
  }

  /**
   * A fresh file next to the target, created with CREATE_NEW (so never someone else's file) and the
   * default permissions; Files.createTempFile would make it owner-only, and the rename would carry
   * those permissions over to the target.
   */
  private static Path createTemp(Path dir, String name) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
      Path temp = dir.resolve("." + name + "." + suffix + ".tmp");
      try {
        Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Some file systems (certain network and FUSE mounts) cannot rename atomically; a plain
      // replace is still far better than writing the target in place.
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String describe(IOException e) {
    String what = e.getClass().getSimpleName();
    return e.getMessage() == null ? what : what + " " + e.getMessage();
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // Nothing more to do: the original failure is the one worth reporting.
    }
  }

  /** Lets the callback close "its" stream without closing the channel we still need to force. */
  private static final class UncloseableStream extends FilterOutputStream {
    UncloseableStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
