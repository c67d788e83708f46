package dev.stowage.dockerfile.expand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.dockerfile.ast.Dockerfile;
import dev.stowage.dockerfile.ast.Instruction;
import dev.stowage.dockerfile.expand.ExpansionRules.ExpandableWord;
import dev.stowage.dockerfile.expand.ExpansionRules.Mode;
import dev.stowage.dockerfile.parse.DockerfileParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpansionRulesTest {
  private static List<Instruction> body(String text) {
    Dockerfile df = DockerfileParser.parse("FROM alpine\n" + text, "Dockerfile").dockerfile();
    return df.stages().get(0).body();
  }

  private static List<String> roles(Instruction i) {
    return ExpansionRules.words(i).stream().map(w -> w.role() + "=" + w.word().raw()).toList();
  }

  @Test
  void commandsAreLeftToTheShell() {
    List<Instruction> body = body("""
        RUN echo $HOME
        CMD echo $HOME
        ENTRYPOINT ["echo", "$HOME"]
        SHELL ["/bin/sh", "-c"]
        HEALTHCHECK CMD echo $HOME
        MAINTAINER $ME
        ONBUILD COPY $A /b
        RUN <<EOF
        echo $HOME
        EOF
        """);
    for (Instruction i : body) {
      assertThat(ExpansionRules.expands(i)).as(i.original()).isFalse();
    }
  }

  @Test
  void expandedWordsWithTheirModes() {
    List<Instruction> body = body("""
        ENV A="$X B $Y"
        LABEL "k"="$V"
        WORKDIR $W
        USER $U:$G
        STOPSIGNAL $S
        VOLUME $V1 $V2
        EXPOSE $PORT 80
        COPY --from=$STAGE --chown=$U --chmod=$M --exclude=$E $SRC <<EOF $DEST
        $BODY
        EOF
        COPY <<"EOF" /literal
        $NOT
        EOF
        ADD --checksum=$SUM $URL /d
        ARG X=$Y Z
        RUN --mount=type=secret,id=$ID,target=$T --mount=type=cache,target=/c,id=$C true
        """);
    assertThat(roles(body.get(0))).containsExactly("ENV key=A", "ENV value=\"$X B $Y\"");
    assertThat(roles(body.get(1))).containsExactly("LABEL key=\"k\"", "LABEL value=\"$V\"");
    assertThat(roles(body.get(2))).containsExactly("path=$W");
    assertThat(roles(body.get(3))).containsExactly("user=$U:$G");
    assertThat(roles(body.get(4))).containsExactly("signal=$S");
    assertThat(roles(body.get(5))).containsExactly("path=$V1", "path=$V2");
    assertThat(ExpansionRules.words(body.get(6))).extracting(ExpandableWord::mode).containsOnly(Mode.WORDS);
    assertThat(roles(body.get(7))).containsExactly("--from=$STAGE", "--chown=$U", "--chmod=$M", "--exclude=$E",
        "source=$SRC", "destination=$DEST", "heredoc EOF=$BODY\n");
    assertThat(ExpansionRules.words(body.get(7)).get(6).mode()).isEqualTo(Mode.HEREDOC);
    assertThat(roles(body.get(8))).containsExactly("destination=/literal");
    assertThat(roles(body.get(9))).containsExactly("--checksum=$SUM", "source=$URL", "destination=/d");
    assertThat(roles(body.get(10))).containsExactly("ARG X default=$Y");
    assertThat(roles(body.get(11))).containsExactly("--mount secret=$ID", "--mount secret=$T",
        "--mount cache=/c", "--mount cache=$C");
  }

  @Test
  void heredocBodiesKeepQuotes() {
    assertThat(ExpansionRules.heredocLexer().processWord("echo \"$A\" '$A'\n", Map.of("A", "x")).value())
        .isEqualTo("echo \"x\" 'x'\n");
  }

  @Test
  void fromWordsUseTheGlobalScope() {
    Dockerfile df = DockerfileParser.parse("FROM --platform=$P $IMG AS x\n", "Dockerfile").dockerfile();
    assertThat(roles(df.stages().get(0).from())).containsExactly("--platform=$P", "image=$IMG");
  }
}
