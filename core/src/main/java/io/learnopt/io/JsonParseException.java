package io.learnopt.io;

import io.learnopt.LearnoptException;

/** Text that is not valid JSON; {@link #offset()} is the index of the offending character. */
public final class JsonParseException extends LearnoptException {
  private static final long serialVersionUID = 1L;
  private final int offset;

  /** A parse error at character {@code offset} of the input, described by {@code problem}. */
  public JsonParseException(String problem, int offset) {
    super("invalid JSON at character " + offset + ": " + problem);
    this.offset = offset;
  }

  /** The 0-based character index in the parsed text where the problem was found. */
  public int offset() {
    return offset;
  }
}
