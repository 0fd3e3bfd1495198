package io.learnopt.cli;

/** Entry point of the learnopt command-line tool. */
public final class Main {
  private Main() {}

  /** Runs the CLI. */
  public static void main(String[] args) {
    System.out.println("learnopt");
  }
}
