package dev.stowage.engine.copy;

import dev.stowage.dockerfile.ignore.DockerIgnore;
import dev.stowage.dockerfile.ignore.DockerIgnoreException;
import dev.stowage.engine.plan.InlineFile;
import dev.stowage.oci.Digest;
import dev.stowage.secrets.redact.UrlRedactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Carries out COPY and ADD with BuildKit's semantics (dockerfile2llb's copy options, the FileOp copy backend and
 * fsutil's {@code copy}) from a source root into a destination root on the real filesystem.
 *
 * <ul>
 *   <li>Sources are paths below the source root; {@code *}, {@code ?} and {@code [...]} match per component as Go's
 *       {@code filepath.Match} does. A wildcard that matches nothing copies nothing; a missing plain source is an
 *       error ({@code "/missing.txt": not found}). The source path itself is followed if it is a symlink.
 *   <li>A directory source copies its contents. A file goes to {@code dest/<name>} when the destination ends with
 *       {@code /} or is an existing directory, else to the destination itself. More than one source needs a
 *       destination ending with {@code /} (the classic builder's rule, stricter than BuildKit, which silently lets
 *       the last source win). Missing destination parents are made 0755, owned by the {@code --chown} owner.
 *   <li>Every path is resolved inside its root ({@link ScopedPaths}): a symlink such as {@code /app -> /etc} or
 *       {@code -> ../../..} in the destination or the source never leads out of it.
 *   <li>ADD unpacks local tar archives (plain, gzip, bzip2, xz, zstd; told by content) into the destination.
 * </ul>
 */
public final class Copier {
  private Copier() {}

  /** Copies as {@code request} says and reports what was written and the digest of what was selected. */
  public static CopyResult copy(CopyRequest request) {
    return new Run(request, true, null).run();
  }

  /**
   * As {@link #copy(CopyRequest)}; when the source is the build context, the content hashes of the files copied
   * are remembered in {@code hashes} for the next {@link #digest(CopyRequest, FileHashCache)}.
   */
  public static CopyResult copy(CopyRequest request, FileHashCache hashes) {
    return new Run(request, true, hashes).run();
  }

  /**
   * The digest of what {@code request} selects, without writing anything: each selected source's entries (path
   * below the source, type, mode, owner, symlink target, content; never times) after wildcards, {@code --exclude},
   * {@code --parents} and .dockerignore. Equal to {@link CopyResult#sourceDigest()} of the same copy.
   */
  public static Digest digest(CopyRequest request) {
    return new Run(request, false, null).run().sourceDigest();
  }

  /**
   * As {@link #digest(CopyRequest)}; when the source is the build context, a file whose {@code lstat} matches an
   * entry of {@code hashes} is not read (the entry is used), and the files read are remembered there.
   */
  public static Digest digest(CopyRequest request, FileHashCache hashes) {
    return new Run(request, false, hashes).run().sourceDigest();
  }

  /**
   * {@code mkdir -p} inside {@code root} as BuildKit's FileOp mkdir with parents does (WORKDIR): {@code path} is
   * resolved with {@link ScopedPaths}, missing directories are made 0755 and given {@code owner} (else they belong
   * to this process, root), existing ones are left alone.
   *
   * @throws CopyException when a file is in the way
   */
  public static void makeDirectories(Path root, String path, Optional<Owner> owner) {
    Path realRoot = Run.realDirectory(root, "destination");
    Path directory = ScopedPaths.join(realRoot, ScopedPaths.resolveRelative(realRoot, path));
    Run.mkdirAll(realRoot, directory, owner, new CopyContext(null, realRoot, owner, Optional.empty(), false));
  }

  /** A source after wildcard expansion and symlink resolution. */
  private record Selected(String written, String matched, String relative, Path path, UnixAttrs attrs, String name,
      DockerIgnore include) {}

  private static final class Run {
    private final CopyRequest request;
    private final boolean write;
    private final String keyword;
    /** The context's content hashes; null for another source or without a cache. */
    private final FileHashCache hashes;
    private Path sourceRoot;
    private Path destinationRoot;
    private ContextVisibility visibility;
    private ScopedPaths.Filter filter = ScopedPaths.Filter.NONE;
    private DockerIgnore exclude;
    private CopyContext context;
    private ContentDigest digest;

    Run(CopyRequest request, boolean write, FileHashCache hashes) {
      this.request = request;
      this.write = write;
      this.keyword = request.add() ? "ADD" : "COPY";
      this.hashes = request.sourceKind() == CopyRequest.SourceKind.CONTEXT ? hashes : null;
    }

    CopyResult run() {
      if (request.sources().isEmpty() && request.inlineFiles().isEmpty()) {
        throw new CopyException(keyword + " requires at least one source");
      }
      sourceRoot = realDirectory(request.sourceRoot(), "source");
      destinationRoot = write ? realDirectory(request.destinationRoot(), "destination") : null;
      boolean fromContext = request.sourceKind() == CopyRequest.SourceKind.CONTEXT;
      if (fromContext && !request.dockerIgnore().isEmpty()) {
        visibility = new ContextVisibility(sourceRoot, request.dockerIgnore());
        filter = visibility;
      }
      exclude = compile(request.excludes(), "--exclude");
      context = new CopyContext(sourceRoot, destinationRoot, request.chown(), request.chmod(), fromContext);
      digest = new ContentDigest(fromContext, hashes);
      try {
        List<Selected> selected = select();
        if (selected.size() + request.inlineFiles().size() > 1 && !request.destinationIsDirectory()) {
          throw new CopyException("When using " + keyword
              + " with more than one source file, the destination must be a directory and end with a /");
        }
        for (Selected s : selected) {
          apply(s);
        }
        for (InlineFile file : request.inlineFiles()) {
          inline(file);
        }
        return new CopyResult(context.entries(), context.bytes(), digest.finish(), context.warnings());
      } catch (UncheckedIOException e) {
        throw new CopyException(keyword + " failed: " + e.getMessage(), e);
      } finally {
        digest.close();
      }
    }

    // ---------------------------------------------------------------- selecting sources

    private List<Selected> select() {
      List<Selected> selected = new ArrayList<>();
      for (String source : request.sources()) {
        if (isRemote(source)) {
          String shown = UrlRedactor.redact(source); // a URL may carry a password or a signed query
          throw new CopyException(request.add()
              ? "ADD " + shown + ": URLs and git repositories are not supported yet; download the file in a"
                  + " RUN step or into the build context"
              : "source can't be a URL or git ref for COPY: " + shown);
        }
        if (request.parents()) {
          selectWithParents(source, selected);
          continue;
        }
        for (String match : expand(source)) {
          selected.add(resolve(source, match, null));
        }
      }
      return selected;
    }

    /**
     * {@code --parents}: the part before a {@code /./} pivot (else {@code /}) is copied with the rest as an include
     * pattern, so the directories between them are kept. A pattern without wildcards must exist.
     */
    private void selectWithParents(String source, List<Selected> selected) {
      int pivot = source.indexOf("/./");
      String base = pivot < 0 ? "/" : source.substring(0, pivot);
      String pattern = ScopedPaths.cleanRelative(pivot < 0 ? source : source.substring(pivot + 3));
      if (!GoGlob.hasWildcards(base) && !GoGlob.hasWildcards(pattern)) {
        String required = "/" + ScopedPaths.cleanRelative(base + "/" + pattern);
        resolve(source, required, null);
      }
      DockerIgnore include = pattern.isEmpty() ? null : compile(List.of(pattern), "--parents");
      for (String match : expand(base)) {
        selected.add(resolve(source, match, include));
      }
    }

    /** fsutil's {@code ResolveWildcards}: the source itself, or what its wildcard part matches, in walk order. */
    private List<String> expand(String source) {
      List<String> parts = ScopedPaths.components(source);
      int first = 0;
      while (first < parts.size() && !GoGlob.hasWildcards(parts.get(first))) {
        first++;
      }
      String fixed = "/" + String.join("/", parts.subList(0, first));
      if (first == parts.size()) {
        return List.of(fixed);
      }
      String pattern = String.join("/", parts.subList(first, parts.size()));
      String baseRelative = ScopedPaths.resolveRelative(sourceRoot, fixed, filter);
      if (!exists(baseRelative)) {
        throw new CopyException(quote(source) + ": not found: no such directory " + quote(fixed) + ignoredHint(fixed));
      }
      List<String> matches = new ArrayList<>();
      Path base = ScopedPaths.join(sourceRoot, baseRelative);
      UnixAttrs baseAttrs = UnixAttrs.lstatOrNull(base);
      if (baseAttrs != null && baseAttrs.isDirectory()) {
        int depth = pattern.split("/").length;
        walkMatches(base, baseRelative, "", pattern, depth, fixed.equals("/") ? "" : fixed, matches);
      }
      return matches;
    }

    private void walkMatches(Path directory, String rootRelative, String relative, String pattern, int depth,
        String prefix, List<String> matches) {
      List<String> names = new ArrayList<>();
      try (var stream = Files.newDirectoryStream(directory)) {
        for (Path child : stream) {
          names.add(child.getFileName().toString());
        }
      } catch (IOException e) {
        throw new CopyException("reading " + quote(prefix + "/" + relative) + ": " + CopyWriter.reason(e), e);
      }
      names.sort(TreeWalker.GO_ORDER);
      for (String name : names) {
        String childRelative = relative.isEmpty() ? name : relative + "/" + name;
        String childRoot = rootRelative.isEmpty() ? name : rootRelative + "/" + name;
        UnixAttrs attrs = UnixAttrs.lstatOrNull(directory.resolve(name));
        if (attrs == null || filter.hidden(childRoot, attrs.isDirectory())) {
          continue;
        }
        boolean match;
        try {
          match = GoGlob.matches(pattern, childRelative);
        } catch (IllegalArgumentException e) {
          match = false; // BuildKit ignores a malformed pattern's error: it matches nothing
        }
        if (match) {
          matches.add(prefix + "/" + childRelative);
        } else if (attrs.isDirectory() && childRelative.split("/").length < depth) {
          walkMatches(directory.resolve(name), childRoot, childRelative, pattern, depth, prefix, matches);
        }
      }
    }

    /** Follows {@code match} (symlinks included) inside the source root; a missing or hidden one is an error. */
    private Selected resolve(String written, String match, DockerIgnore include) {
      String relative = ScopedPaths.resolveRelative(sourceRoot, match, filter);
      if (!exists(relative)) {
        throw new CopyException(quote(match) + ": not found" + ignoredHint(match));
      }
      Path path = ScopedPaths.join(sourceRoot, relative);
      UnixAttrs attrs = UnixAttrs.lstatOrNull(path);
      List<String> parts = ScopedPaths.components(match);
      String name = parts.isEmpty() ? "/" : parts.get(parts.size() - 1);
      return new Selected(written, match, relative, path, attrs, name, include);
    }

    /** Whether every component of a resolved path exists and is visible. */
    private boolean exists(String relative) {
      if (relative.isEmpty()) {
        return true;
      }
      StringBuilder prefix = new StringBuilder();
      for (String part : relative.split("/")) {
        if (!prefix.isEmpty()) {
          prefix.append('/');
        }
        prefix.append(part);
        UnixAttrs attrs = UnixAttrs.lstatOrNull(sourceRoot.resolve(prefix.toString()));
        if (attrs == null || filter.hidden(prefix.toString(), attrs.isDirectory())) {
          return false;
        }
      }
      return true;
    }

    private String ignoredHint(String match) {
      if (visibility == null) {
        return "";
      }
      String unfiltered = ScopedPaths.resolveRelative(sourceRoot, match);
      return UnixAttrs.lstatOrNull(ScopedPaths.join(sourceRoot, unfiltered)) != null
          ? " (it is excluded by .dockerignore)" : "";
    }

    // ---------------------------------------------------------------- applying

    private void apply(Selected s) {
      digest.beginSource(s.written, s.matched);
      if (request.add() && s.attrs.isFile()) {
        Optional<Archives.Format> format = Archives.probe(s.path, s.matched);
        if (format.isPresent()) {
          if (write) {
            Path directory = ScopedPaths.join(destinationRoot,
                ScopedPaths.resolveRelative(destinationRoot, request.destination()));
            mkdirAll(directory);
            long hashedAt = hashes == null ? 0 : hashes.now();
            byte[] sha256 = ArchiveUnpacker.unpack(s.path, format.get(), directory, context, s.matched,
                privileged());
            if (hashes != null && sha256 != null) {
              hashes.remember(s.path, s.attrs, sha256, hashedAt);
            }
            digest.archive(s.path, s.attrs, sha256);
          } else {
            digest.archive(s.path, s.attrs, null);
          }
          return;
        }
      }
      TreeWalker walker = new TreeWalker(s.include, exclude, visibility);
      if (!write) {
        walker.walk(s.path, s.relative, s.name, s.attrs, digest);
        return;
      }
      Path target = prepareTarget(s.attrs.isDirectory(), s.name);
      walker.walk(s.path, s.relative, s.name, s.attrs,
          EntrySink.all(new CopyWriter(context, target, hashes), digest));
    }

    private void inline(InlineFile file) {
      byte[] content = file.content().getBytes(StandardCharsets.UTF_8);
      List<String> parts = ScopedPaths.components(file.name());
      String name = parts.isEmpty() ? file.name() : parts.get(parts.size() - 1);
      digest.beginSource("<<" + file.name(), name);
      digest.inline(name, content);
      if (write) {
        Path target = prepareTarget(false, name);
        new CopyWriter(context, target).inline(content, target);
      }
    }

    /**
     * fsutil's {@code Copy} up to the walk: makes the destination's parents (its own directory too when written
     * with a trailing {@code /}), then picks the target: {@code dest/<name>} for a file copied into an existing
     * directory, else the destination itself, whose parent (or itself, for a new directory) is made.
     */
    private Path prepareTarget(boolean sourceIsDirectory, String name) {
      String destination = request.destination();
      String ensure = request.destinationIsDirectory() ? destination : parentOf(destination);
      mkdirAll(ScopedPaths.join(destinationRoot, ScopedPaths.resolveRelative(destinationRoot, ensure)));

      Path dest = ScopedPaths.join(destinationRoot, ScopedPaths.resolveRelative(destinationRoot, destination));
      boolean exists = Files.exists(dest);
      Path target = dest;
      if (!sourceIsDirectory && exists && Files.isDirectory(dest)) {
        target = dest.resolve(name);
      }
      Path make = sourceIsDirectory && !exists ? target : target.getParent();
      if (make != null && make.startsWith(destinationRoot)) {
        mkdirAll(make);
      }
      return target;
    }

    /** fsutil's {@code MkdirAll}: missing directories are made 0755 and given the {@code --chown} owner. */
    private void mkdirAll(Path directory) {
      mkdirAll(destinationRoot, directory, request.chown(), context);
    }

    static void mkdirAll(Path destinationRoot, Path directory, Optional<Owner> owner, CopyContext context) {
      Path current = destinationRoot;
      for (Path part : destinationRoot.relativize(directory)) {
        if (part.toString().isEmpty()) {
          continue;
        }
        current = current.resolve(part);
        UnixAttrs attrs = UnixAttrs.lstatOrNull(current);
        if (attrs != null && attrs.isDirectory()) {
          continue;
        }
        if (attrs != null) {
          throw new CopyException("cannot create directory " + context.showDest(directory) + ": "
              + context.showDest(current) + " is not a directory");
        }
        try {
          FileOps.mkdir(current, 0755);
          if (owner.isPresent()) {
            FileOps.lchown(current, owner.get().uid(), owner.get().gid());
          }
        } catch (IOException e) {
          throw new CopyException("creating directory " + context.showDest(current) + ": " + CopyWriter.reason(e),
              e);
        }
        context.countEntry();
      }
    }

    private static String parentOf(String destination) {
      int slash = destination.lastIndexOf('/');
      return slash <= 0 ? "/" : destination.substring(0, slash + 1);
    }

    private boolean privileged() {
      try {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    private DockerIgnore compile(List<String> patterns, String flag) {
      if (patterns.isEmpty()) {
        return null;
      }
      try {
        return DockerIgnore.of(patterns);
      } catch (IllegalArgumentException | DockerIgnoreException e) {
        throw new CopyException(keyword + " " + flag + ": " + e.getMessage(), e);
      }
    }

    static Path realDirectory(Path path, String what) {
      try {
        Path real = path.toRealPath();
        if (!Files.isDirectory(real)) {
          throw new CopyException("the " + what + " root " + path + " is not a directory");
        }
        return real;
      } catch (IOException e) {
        throw new CopyException("the " + what + " root " + path + " does not exist", e);
      }
    }

    private static boolean isRemote(String source) {
      String s = source.toLowerCase(java.util.Locale.ROOT);
      return s.startsWith("http://") || s.startsWith("https://") || s.startsWith("git://")
          || s.startsWith("ssh://") || s.startsWith("git@");
    }

    private static String quote(String path) {
      return "\"" + path + "\"";
    }
  }
}
