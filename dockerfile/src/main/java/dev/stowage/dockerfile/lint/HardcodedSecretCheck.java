package dev.stowage.dockerfile.lint;

import dev.stowage.detect.Confidence;
import dev.stowage.detect.CredentialMatch;
import dev.stowage.detect.CredentialPatterns;
import dev.stowage.dockerfile.ast.Add;
import dev.stowage.dockerfile.ast.Arg;
import dev.stowage.dockerfile.ast.Copy;
import dev.stowage.dockerfile.ast.Env;
import dev.stowage.dockerfile.ast.Heredoc;
import dev.stowage.dockerfile.ast.InstructionRef;
import dev.stowage.dockerfile.ast.Label;
import dev.stowage.dockerfile.ast.Run;
import dev.stowage.dockerfile.syntax.SourceRange;
import java.util.List;

/**
 * hardcoded-secret: credential literals in any instruction but ARG and ENV (whose values secret-arg and secret-env
 * judge), heredoc bodies included.
 */
final class HardcodedSecretCheck {
  private HardcodedSecretCheck() {}

  static void run(LintContext ctx) {
    for (InstructionRef ref : ctx.request.dockerfile().instructions()) {
      var instruction = ref.instruction();
      if (instruction instanceof Arg || instruction instanceof Env) {
        continue;
      }
      Confidence minimum = instruction instanceof Run || instruction instanceof Label
          ? Confidence.GENERIC : Confidence.CONTEXTUAL;
      String text = instruction.original();
      List<CredentialMatch> found = CredentialPatterns.find(text, minimum);
      if (!found.isEmpty()) {
        CredentialMatch m = found.getFirst();
        String fragment = text.substring(m.start(), Math.min(m.end(), m.start() + 24));
        SourceRange at = ctx.source.locate(instruction.range(), fragment);
        report(ctx, instruction, at, m, found.size(), "");
        continue;
      }
      for (Heredoc doc : heredocs(instruction)) {
        List<CredentialMatch> inDoc = CredentialPatterns.find(doc.content(), minimum);
        if (!inDoc.isEmpty()) {
          CredentialMatch m = inDoc.getFirst();
          // reported on the instruction's first line: tools that map lines to instructions do not know heredocs
          report(ctx, instruction, instruction.range(), m, inDoc.size(), " (in the here-document " + doc.name() + ")");
          break;
        }
      }
    }
  }

  private static void report(LintContext ctx, dev.stowage.dockerfile.ast.Instruction instruction, SourceRange at,
      CredentialMatch m, int count, String where) {
    String keyword = instruction.keyword().name();
    String more = count > 1 ? " and " + (count - 1) + " more credential" + (count > 2 ? "s" : "") : "";
    ctx.report(Rules.HARDCODED_SECRET, instruction, at,
        keyword + " holds " + article(m.title()) + " " + m.title() + more + where + "; it is stored in the image "
            + (instruction instanceof Run || instruction instanceof Copy || instruction instanceof Add ? "history"
                : "configuration") + " and in the Dockerfile",
        "remove it from the Dockerfile, revoke it, and pass it with --secret and RUN --mount=type=secret",
        keyword + " " + m.redacted());
  }

  static String article(String noun) {
    return "aeiouAEIOU".indexOf(noun.charAt(0)) >= 0 ? "an" : "a";
  }

  private static List<Heredoc> heredocs(dev.stowage.dockerfile.ast.Instruction instruction) {
    return switch (instruction) {
      case Run r -> r.heredocs();
      case Copy c -> c.heredocs();
      case Add a -> a.heredocs();
      default -> List.of();
    };
  }
}
