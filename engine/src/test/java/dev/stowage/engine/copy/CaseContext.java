package dev.stowage.engine.copy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** A conformance case's build context laid out as the harness's {@code Case.prepare} (lib/cases.py) does. */
final class CaseContext {
  private CaseContext() {}

  static Path prepare(Path caseDir, JsonNode spec, Path context) throws IOException {
    Files.createDirectories(context);
    Path source = caseDir.resolve("context");
    if (Files.isDirectory(source)) {
      copyTree(source, context);
    }
    // Deterministic modes whatever the checkout's umask was: directories 0755, files 0755 or 0644.
    Files.walkFileTree(context, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        FileOps.chmod(dir, 0755);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isSymbolicLink()) {
          FileOps.chmod(file, (Fs.attrs(file).mode() & 0100) != 0 ? 0755 : 0644);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    if (!spec.path("dockerfile_outside_context").asBoolean()) {
      Fs.file(context, "Dockerfile", Files.readString(caseDir.resolve(spec.path("dockerfile").asText("Dockerfile"))));
    }
    JsonNode setup = spec.path("context_setup");
    for (JsonNode d : setup.path("empty_dirs")) {
      Fs.dir(context, d.asText(), 0755);
    }
    for (JsonNode t : setup.path("tars")) {
      makeTar(context, t);
    }
    setup.path("symlinks").properties().forEach(e -> {
      Path link = context.resolve(e.getKey());
      deleteIfPresent(link);
      Fs.symlink(context, e.getKey(), e.getValue().asText());
    });
    setup.path("hardlinks").properties().forEach(e -> {
      Path link = context.resolve(e.getKey());
      deleteIfPresent(link);
      try {
        Files.createLink(link, context.resolve(e.getValue().asText()));
      } catch (IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
    });
    setup.path("modes").properties().forEach(e -> {
      try {
        FileOps.chmod(context.resolve(e.getKey()), Integer.parseInt(e.getValue().asText(), 8));
      } catch (IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
    });
    for (JsonNode r : setup.path("remove")) {
      try {
        FileOps.removeAll(context.resolve(r.asText()));
      } catch (IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
    }
    return context;
  }

  /** A tar archive from the harness's spec: GNU or PAX makes no difference to an extractor. */
  private static void makeTar(Path context, JsonNode t) {
    List<Fs.Member> members = new ArrayList<>();
    for (JsonNode e : t.path("entries")) {
      String name = e.get("name").asText();
      int uid = e.path("uid").asInt(0);
      int gid = e.path("gid").asInt(0);
      if (name.endsWith("/")) {
        String path = name.substring(0, name.length() - 1);
        members.add(Fs.Member.dir(path, Integer.parseInt(e.path("mode").asText("0755"), 8), uid, gid));
      } else if (e.has("symlink")) {
        members.add(new Fs.Member(dev.stowage.oci.archive.TarHeader.symlink(name, e.get("symlink").asText())
            .withOwner(uid, gid), null));
      } else if (e.has("hardlink")) {
        members.add(Fs.Member.hardlink(name, e.get("hardlink").asText()));
      } else {
        members.add(Fs.Member.file(name, e.path("text").asText(""),
            Integer.parseInt(e.path("mode").asText("0644"), 8), uid, gid));
      }
    }
    byte[] raw = Fs.tar(members);
    String compression = t.path("compression").asText("none");
    Fs.bytes(context, t.get("dest").asText(), compression.equals("gzip") ? Fs.gzip(raw) : raw);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path target = to.resolve(from.relativize(file).toString());
        if (attrs.isSymbolicLink()) {
          Files.createSymbolicLink(target, Files.readSymbolicLink(file));
        } else {
          Files.copy(file, target, LinkOption.NOFOLLOW_LINKS, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void deleteIfPresent(Path path) {
    try {
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
