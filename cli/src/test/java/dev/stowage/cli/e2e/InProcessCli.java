package dev.stowage.cli.e2e;

import dev.stowage.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the stowage CLI in this JVM and captures everything it prints (System.out/err and picocli's writers). */
final class InProcessCli {
  private InProcessCli() {}

  record Output(int code, String out, String err) {}

  static synchronized Output run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    StringWriter picoOut = new StringWriter();
    StringWriter picoErr = new StringWriter();
    int code;
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(picoOut, true));
      cli.setErr(new PrintWriter(picoErr, true));
      code = cli.execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Output(code, outBytes.toString(StandardCharsets.UTF_8) + picoOut,
        errBytes.toString(StandardCharsets.UTF_8) + picoErr);
  }
}
